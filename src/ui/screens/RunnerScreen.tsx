import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { StorageError } from '../../completion';
import { isFinished } from '../../domain';
import type { Instance } from '../../domain';
import { registerBeforeUpdate } from '../../pwa/register';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useLiveQuery } from '../hooks/use-live-query';
import { TYPE_LABEL } from '../format';
import { ChecklistRunner } from '../runner/ChecklistRunner';
import { FormRunner } from '../runner/FormRunner';
import { ProcedureRunner } from '../runner/ProcedureRunner';
import { startRunOf } from '../runner/start-run';
import { useSaveState } from '../runner/use-draft';
import { useDocRevision, useRun } from '../runner/use-run';
import type { OpenRun } from '../runner/use-run';
import { formatWhen } from '../time';
import { useSignedIn } from '../user-data';

/** `/run/:instanceId`: the runner for the instance's content type, on its pinned version. */
export function RunnerScreen() {
  const { instanceId = '' } = useParams();
  const { data } = useSignedIn();
  const state = useRun(data, instanceId);
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
          {state.kind === 'error'
            ? state.message
            : state.reason === 'instance'
              ? 'This run is not on this device. It may not have synced yet.'
              : 'The version of the document this run uses has not reached this device yet.'}
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
  useDocRevision(run.session);
  const rowQuery = useCallback(() => data.db.instances.get(run.instance.id), [data.db, run.instance.id]);
  const row: Instance = useLiveQuery(rowQuery, { keepPrevious: true }).value ?? run.instance;
  const finished = isFinished(row.status);
  const readOnly = finished || run.session.model.isReadOnly;

  // A run finished elsewhere (another device, synced) is read-only here too.
  useEffect(() => {
    if (finished) run.session.model.setReadOnly(true);
  }, [finished, run.session.model]);
  // Before the app reloads into a new version, let every pending change reach IndexedDB.
  useEffect(() => registerBeforeUpdate(() => run.tracker.idle()), [run.tracker]);

  const { version } = run;
  const props = { run, readOnly, db: data.db, userId: user.id };
  return (
    <article className={`runner type-${row.contentType}`}>
      <p className="breadcrumb">
        <Link to="/work">My work</Link>
      </p>
      <div className="runner-head">
        <h1 id="run-title" tabIndex={-1}>
          {row.title}
        </h1>
        <p className="card-meta">
          <span className="badge">{TYPE_LABEL[row.contentType]}</span>
          <span>version {version.version}</span>
          <span>{statusText(row)}</span>
        </p>
      </div>
      <NewerVersionNotice documentId={row.sourceDocumentId} versionId={version.id} />
      {finished ? <FinishedNotice row={row} onRunAgain={(id) => void navigate(`/run/${id}`)} /> : <SaveBar run={run} />}
      {version.contentType === 'procedure' ? (
        <ProcedureRunner {...props} definition={version.definition} />
      ) : version.contentType === 'checklist' ? (
        <ChecklistRunner {...props} definition={version.definition} />
      ) : (
        <FormRunner {...props} definition={version.definition} />
      )}
    </article>
  );
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
  }
}

/** What the device has stored: never "saved" while a change is still on its way to IndexedDB. */
function SaveBar({ run }: { run: OpenRun }) {
  const save = useSaveState(run.tracker);
  return (
    <div className="save-bar">
      <p role="status" className={`save-state${save.pending.size > 0 ? ' is-pending' : ''}`}>
        {save.pending.size > 0 ? 'Saving on this device…' : save.saved ? 'All changes saved on this device' : ''}
      </p>
      {save.failure !== null && (
        <div className="form-error save-failure" role="alert">
          <p>{save.failure.message}</p>
          <button type="button" className="button" onClick={() => run.tracker.retry()}>
            Try saving again
          </button>
        </div>
      )}
    </div>
  );
}

function FinishedNotice({ row, onRunAgain }: { row: Instance; onRunAgain: (id: string) => void }) {
  const { data, user } = useSignedIn();
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const runAgain = async (): Promise<void> => {
    setStarting(true);
    setError(null);
    try {
      const next = await startRunOf(data.db, user.id, row.sourceDocumentId);
      if (next === undefined) setError('This document is no longer on this device, so it cannot be run again here.');
      else onRunAgain(next.id);
    } catch (e) {
      setError(StorageError.from(e).message);
    } finally {
      setStarting(false);
    }
  };
  return (
    <div className="finished-notice">
      <p role="status">
        <strong>{row.status === 'submitted' ? 'Submitted.' : 'Completed.'}</strong> This run is finished and can no longer be changed.
      </p>
      <button type="button" className="button primary large" disabled={starting} onClick={() => void runAgain()}>
        {starting ? 'Starting…' : 'Run again'}
      </button>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
