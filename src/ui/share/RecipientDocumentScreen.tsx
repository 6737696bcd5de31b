import { useCallback, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { StorageError } from '../../completion';
import { getDocument, getVersion, listInstancesForSession } from '../../db';
import type { ContentDocument, DocumentVersion, Instance } from '../../domain';
import { isDone, isFinished } from '../../domain';
import { startRunAs } from '../../runs/start-run';
import { describeSize, TYPE_LABEL } from '../shared/format';
import { useLiveQuery } from '../shared/hooks/use-live-query';
import { useRecipientLink } from './recipient-context';
import { RunSendStatus } from './RunSendStatus';
import { sentBy } from './sent-by';
import { formatWhen } from '../shared/time';

interface Loaded {
  readonly document: ContentDocument | undefined;
  readonly version: DocumentVersion | undefined;
  readonly instances: readonly Instance[];
}

const FINISHED_LABEL: Record<Instance['status'], string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  abandoned: 'Abandoned',
  completed: 'Completed',
  submitted: 'Submitted',
};

/** How many of the recipient's own runs of this link the screen lists. */
const RUNS_SHOWN = 20;

/** `/s/:linkId`: the shared document, and "Start" or "Continue" for the recipient's own run. */
export function RecipientDocumentScreen() {
  const data = useRecipientLink();
  const navigate = useNavigate();
  const { link, db, sessionId } = data;
  const query = useCallback(async (): Promise<Loaded> => {
    const [document, version, page] = await Promise.all([
      getDocument(db, link.documentId),
      getVersion(db, link.versionId),
      listInstancesForSession(db, sessionId, { limit: RUNS_SHOWN }),
    ]);
    return { document, version, instances: page.rows };
  }, [db, link.documentId, link.versionId, sessionId]);
  const { value } = useLiveQuery(query);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (value === undefined) {
    return (
      <p role="status" className="muted">
        Loading…
      </p>
    );
  }
  const { document, version, instances } = value;
  if (document === undefined || version === undefined) {
    return (
      <section className="panel narrow">
        <h1 tabIndex={-1}>{link.title}</h1>
        <p>The document is missing from this device. Open the link you were sent again while online.</p>
      </section>
    );
  }

  const open = instances.find((i) => !isFinished(i.status));
  const finished = instances.filter((i) => isFinished(i.status));
  const kind = TYPE_LABEL[document.contentType].toLowerCase();

  const start = async (): Promise<void> => {
    setStarting(true);
    setError(null);
    try {
      const instance = await startRunAs(db, { document, version, owner: { sessionId }, shareLinkId: link.linkId });
      await navigate(`/s/${link.linkId}/run/${instance.id}`);
    } catch (e) {
      setError(StorageError.from(e).message);
      setStarting(false);
    }
  };

  return (
    <article className="document recipient-document">
      <p className="muted recipient-sender">{sentBy(link)}</p>
      <h1 tabIndex={-1}>{document.title}</h1>
      <p className="card-meta">
        <span className="badge">{TYPE_LABEL[document.contentType]}</span>
        <span>{describeSize(version)}</span>
        {link.expiresAt !== undefined && <span>Link works until {formatWhen(link.expiresAt)}</span>}
      </p>
      {document.description !== undefined && <p className="lead">{document.description}</p>}
      <p className="muted">Your answers are kept on this device, and sent to the sender as soon as there is a network.</p>
      <div className="button-row start-row">
        {open !== undefined ? (
          <Link className="button primary large" to={`/s/${link.linkId}/run/${open.id}`}>
            {`Continue ${kind}`}
          </Link>
        ) : (
          <button type="button" className="button primary large" disabled={starting} onClick={() => void start()}>
            {starting ? 'Starting…' : finished.length > 0 ? `Start ${kind} again` : `Start ${kind}`}
          </button>
        )}
      </div>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {finished.length > 0 && (
        <section aria-labelledby="earlier-title">
          <h2 id="earlier-title">Finished earlier on this device</h2>
          <ul className="work-list">
            {finished.map((instance) => (
              <li key={instance.id} className="work-card">
                <p>
                  <Link to={`/s/${link.linkId}/run/${instance.id}`}>
                    {FINISHED_LABEL[instance.status]} {formatWhen(instance.submittedAt ?? instance.completedAt ?? instance.abandonedAt ?? instance.lastActivityAt)}
                  </Link>
                </p>
                {isDone(instance.status) && <RunSendStatus data={data} instanceId={instance.id} compact />}
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
