import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { isDone } from '../../domain';
import { startLinkRun } from '../../runs/start-run';
import { useDocumentTitle } from '../shared/hooks/use-document-title';
import { ContentRunner } from '../run/ContentRunner';
import { FinishedNotice } from '../run/FinishedNotice';
import { RunHead } from '../run/RunHead';
import { SaveBar } from '../run/SaveBar';
import { useRun } from '../run/use-run';
import type { OpenRun } from '../run/use-run';
import { useRunRow } from '../run/use-run-row';
import { useRecipientLink } from './recipient-context';
import { RunSendStatus } from './RunSendStatus';
import { sentBy } from './sent-by';
import { formatWhen } from '../shared/time';

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
  const { row, finished, readOnly } = useRunRow(run, data.db);
  // Finished before this screen opened: no need to pull the notice into view.
  const [openedFinished] = useState(finished);
  const startAgain = async (): Promise<string | undefined> => {
    const next = await startLinkRun(data.db, data.sessionId, data.link);
    if (next === undefined) return 'The document is missing from this device. Open the link you were sent again while online.';
    void navigate(`/s/${data.link.linkId}/run/${next.id}`);
    return undefined;
  };
  return (
    <article className={`runner type-${row.contentType}`}>
      <p className="breadcrumb">
        <Link to={`/s/${data.link.linkId}`}>{data.link.title}</Link>
      </p>
      <RunHead row={row}>
        <span>{finished ? `${row.status === 'submitted' ? 'Submitted' : 'Completed'} ${formatWhen(row.submittedAt ?? row.completedAt ?? row.lastActivityAt)}` : sentBy(data.link)}</span>
      </RunHead>
      {finished ? (
        <>
          <FinishedNotice
            row={row}
            justFinished={finished && !openedFinished}
            status={row.status}
            message="Thank you. This is kept on this device and sent to the sender whenever there is a network."
            againLabel="Start again"
            startAgain={startAgain}
          />
          {isDone(row.status) && <RunSendStatus data={data} instanceId={row.id} />}
        </>
      ) : (
        <SaveBar run={run} />
      )}
      {/* The runner components name the person who wrote an entry; for a recipient that is its session. */}
      <ContentRunner run={run} readOnly={readOnly} db={data.db} userId={data.sessionId} />
    </article>
  );
}
