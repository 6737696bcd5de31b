import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { startInstance, StorageError } from '../../completion';
import { getDocument, getVersion } from '../../db';
import { isFinished } from '../../domain';
import type { Instance } from '../../domain';
import { registerBeforeUpdate } from '../../pwa/register';
import { TYPE_LABEL } from '../format';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useLiveQuery } from '../hooks/use-live-query';
import { ChecklistRunner } from '../runner/ChecklistRunner';
import { FormRunner } from '../runner/FormRunner';
import { ProcedureRunner } from '../runner/ProcedureRunner';
import { recordWriter } from '../runner/records';
import { useSaveState } from '../runner/use-draft';
import { useDocRevision, useRun } from '../runner/use-run';
import type { OpenRun } from '../runner/use-run';
import { useRecipientLink } from '../share/recipient-context';
import { formatWhen } from '../time';

/**
 * `/s/:linkId/run/:instanceId`: the recipient's run, on the same runner components members use,
 * with the link's database and its grant-authenticated instance sync in place of the member's.
 */
export function RecipientRunScreen() {
  const { instanceId = '' } = useParams();
  const data = useRecipientLink();
  const state = useRun(data, instanceId);
  useDocumentTitle(state.kind === 'ready' ? state.instance.title : state.kind === 'loading' ? 'Opening' : 'Not available');

  if (state.kind === 'loading') {
    return (
      <p role="status" className="muted">
        Opening…
      </p>
    );
  }
  if (state.kind !== 'ready') {
    return (
      <>
        <h1 tabIndex={-1}>Not available</h1>
        <p>{state.kind === 'error' ? state.message : 'This run is not on this device.'}</p>
        <p>
          <Link to={`/s/${data.link.linkId}`}>Back to {data.link.title}</Link>
        </p>
      </>
    );
  }
  return <RecipientRunner key={state.instance.id} run={state} />;
}

function RecipientRunner({ run }: { run: OpenRun }) {
  const data = useRecipientLink();
  const navigate = useNavigate();
  useDocRevision(run.session);
  const rowQuery = useCallback(() => data.db.instances.get(run.instance.id), [data.db, run.instance.id]);
  const row: Instance = useLiveQuery(rowQuery, { keepPrevious: true }).value ?? run.instance;
  const finished = isFinished(row.status);
  const readOnly = finished || run.session.model.isReadOnly;

  useEffect(() => {
    if (finished) run.session.model.setReadOnly(true);
  }, [finished, run.session.model]);
  useEffect(() => registerBeforeUpdate(() => run.tracker.idle()), [run.tracker]);

  const { version } = run;
  // The runner components name the person who wrote an entry; for a recipient that is its session.
  const props = { run, readOnly, db: data.db, userId: data.sessionId };
  return (
    <article className={`runner type-${row.contentType}`}>
      <p className="breadcrumb">
        <Link to={`/s/${data.link.linkId}`}>{data.link.title}</Link>
      </p>
      <div className="runner-head">
        <h1 id="run-title" tabIndex={-1}>
          {row.title}
        </h1>
        <p className="card-meta">
          <span className="badge">{TYPE_LABEL[row.contentType]}</span>
          <span>{finished ? `${row.status === 'submitted' ? 'Submitted' : 'Completed'} ${formatWhen(row.submittedAt ?? row.completedAt ?? row.lastActivityAt)}` : 'Shared with you'}</span>
        </p>
      </div>
      {finished ? <Finished row={row} onAgain={(id) => void navigate(`/s/${data.link.linkId}/run/${id}`)} /> : <SaveBar run={run} />}
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

function Finished({ row, onAgain }: { row: Instance; onAgain: (id: string) => void }) {
  const data = useRecipientLink();
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const again = async (): Promise<void> => {
    setStarting(true);
    setError(null);
    try {
      const [document, version] = await Promise.all([getDocument(data.db, data.link.documentId), getVersion(data.db, data.link.versionId)]);
      if (document === undefined || version === undefined) {
        setError('The document is missing from this device. Open the link you were sent again while online.');
        return;
      }
      const next = await startInstance({
        document,
        documentVersion: version,
        owner: { sessionId: data.sessionId },
        shareLinkId: data.link.linkId,
        now: Date.now(),
        newId: () => crypto.randomUUID(),
        records: recordWriter(data.db),
      });
      onAgain(next.id);
    } catch (e) {
      setError(StorageError.from(e).message);
    } finally {
      setStarting(false);
    }
  };
  return (
    <div className="finished-notice">
      <p role="status">
        <strong>{row.status === 'submitted' ? 'Submitted.' : 'Completed.'}</strong> Thank you. This is kept on this device and sent to the sender
        whenever there is a network.
      </p>
      <button type="button" className="button primary large" disabled={starting} onClick={() => void again()}>
        {starting ? 'Starting…' : 'Start again'}
      </button>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
