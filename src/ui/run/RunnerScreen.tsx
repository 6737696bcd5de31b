import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Instance } from '../../domain';
import { useDocumentTitle } from '../shared/hooks/use-document-title';
import { useLiveQuery } from '../shared/hooks/use-live-query';
import { NamesContext, useNames } from '../shared/hooks/use-members';
import type { Names } from '../shared/hooks/use-members';
import { recipientVia } from '../shared/people';
import { AbandonRun } from './AbandonRun';
import { ContentRunner } from './ContentRunner';
import { FinishedNotice } from './FinishedNotice';
import { RunHead } from './RunHead';
import { SaveBar } from './SaveBar';
import { startRunOf } from '../../runs/start-run';
import { useRun } from './use-run';
import type { OpenRun } from './use-run';
import { useRunRow } from './use-run-row';
import { formatWhen } from '../shared/time';
import { useSignedIn } from '../user-data';
import './run.css';

const MISSING_MESSAGE = {
  offline: 'This run is not on this device, and the relay cannot be reached to fetch it. It may not have synced yet: try again once you are online.',
  instance: 'This run is not on this device. It may not have synced yet.',
  forbidden: 'You may not read this run. Only the person who ran it, admins and the creator of its share link can open it.',
  not_found: 'No such run: it is neither on this device nor on the relay.',
  version: 'The version of the document this run uses has not reached this device yet.',
} as const;

/** `/run/:instanceId`: the runner for the instance's content type, on its pinned version. */
export function RunnerScreen() {
  const { instanceId = '' } = useParams();
  const { data, user } = useSignedIn();
  const state = useRun(data, instanceId, user.id);
  useDocumentTitle(state.kind === 'ready' ? state.instance.title : state.kind === 'loading' ? 'Opening run' : 'Run not available');

  if (state.kind === 'loading') {
    return (
      <p role="status" className="muted">
        Opening run…
      </p>
    );
  }
  if (state.kind !== 'ready') {
    return (
      <>
        <h1 tabIndex={-1}>Run not available</h1>
        <p>
          {state.kind === 'error' ? state.message : MISSING_MESSAGE[state.reason]}
        </p>
        <p>
          <Link to="/work">Back to My work</Link>
        </p>
      </>
    );
  }
  return <Runner key={state.instance.id} run={state} />;
}

function Runner({ run }: { run: OpenRun }) {
  const { data, user } = useSignedIn();
  const navigate = useNavigate();
  const { row, finished, readOnly } = useRunRow(run, data.db);
  // Finished before this screen opened: no need to pull the notice into view.
  const [openedFinished] = useState(finished);
  const { version } = run;
  const names = useRunNames(row);
  const runAgain = async (): Promise<string | undefined> => {
    const next = await startRunOf(data.db, user.id, row.sourceDocumentId);
    if (next === undefined) return 'This document is no longer on this device, so it cannot be run again here.';
    void navigate(`/run/${next.id}`);
    return undefined;
  };
  return (
    <article className={`runner type-${row.contentType}`}>
      <p className="breadcrumb">
        <Link to="/work">My work</Link>
      </p>
      <RunHead row={row}>
        <span>version {version.version}</span>
        <span>{statusText(row)}</span>
      </RunHead>
      <NewerVersionNotice documentId={row.sourceDocumentId} versionId={version.id} />
      {run.reader && (
        <p className="notice reader-notice" role="status">
          You are reviewing someone else&apos;s run. It is read-only here: nothing you do changes it.
        </p>
      )}
      {finished ? (
        <FinishedNotice
          row={row}
          justFinished={finished && !openedFinished}
          status={row.status}
          message={
            row.status === 'abandoned'
              ? `This run was abandoned (${row.abandonReason ?? 'no reason given'}) and can no longer be changed.`
              : 'This run is finished and can no longer be changed.'
          }
          againLabel={row.status === 'abandoned' ? 'Start again' : 'Run again'}
          startAgain={runAgain}
        />
      ) : run.reader ? null : (
        <SaveBar run={run} />
      )}
      <NamesContext value={names}>
        <ContentRunner run={run} readOnly={readOnly} db={data.db} userId={user.id} />
      </NamesContext>
      {!readOnly && <AbandonRun run={run} />}
    </article>
  );
}

/** The workspace's names, plus the run's recipient (if it came through a share link) by that link's label. */
function useRunNames(row: Instance): Names {
  const { data } = useSignedIn();
  const members = useNames();
  const { sessionId, shareLinkId } = row;
  const query = useCallback(async () => (shareLinkId === undefined ? undefined : (await data.db.shareLinks.get(shareLinkId))?.label), [data.db, shareLinkId]);
  const label = useLiveQuery(query).value;
  return useMemo(() => (sessionId === undefined ? members : new Map([...members, [sessionId, recipientVia(label)]])), [members, sessionId, label]);
}

/**
 * A run keeps the version it started with (DESIGN §2); when the document has moved on, say so
 * and leave the run as it is. "Run again" and a new start use the newest version.
 */
function NewerVersionNotice({ documentId, versionId }: { documentId: Instance['sourceDocumentId']; versionId: string }) {
  const { data } = useSignedIn();
  const query = useCallback(() => data.db.documents.get(documentId), [data.db, documentId]);
  const document = useLiveQuery(query).value;
  if (document === undefined || document.currentVersionId === versionId) return null;
  return (
    <p className="notice newer-version" role="status">
      A newer version of this document exists. This run keeps the version it started with.{' '}
      <Link to={`/library/${document.id}`}>Open the document</Link>
    </p>
  );
}

function statusText(row: Instance): string {
  switch (row.status) {
    case 'not_started':
      return 'Not started';
    case 'in_progress':
      return `In progress · last change ${formatWhen(row.lastActivityAt)}`;
    case 'completed':
      return `Completed ${formatWhen(row.completedAt ?? row.lastActivityAt)}`;
    case 'submitted':
      return `Submitted ${formatWhen(row.submittedAt ?? row.lastActivityAt)}`;
    case 'abandoned':
      return `Abandoned ${formatWhen(row.abandonedAt ?? row.lastActivityAt)}`;
  }
}
