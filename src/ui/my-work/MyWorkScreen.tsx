import { useCallback, useId, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { listInstances } from '../../db';
import type { Cursor, InstanceRow } from '../../db';
import { isFinished } from '../../domain';
import type { InstanceStatus } from '../../domain';
import { startRunOf } from '../../runs/start-run';
import { useDocumentTitle } from '../shared/hooks/use-document-title';
import { usePagedLiveQuery } from '../shared/hooks/use-paged-live-query';
import { TYPE_LABEL } from '../shared/format';
import { formatWhen, isoOf } from '../shared/time';
import { useSignedIn } from '../user-data';
import './my-work.css';

const PAGE = 20;
const IN_PROGRESS: readonly InstanceStatus[] = ['not_started', 'in_progress'];
/** Abandoned runs are over too: they leave "In progress" and offer a fresh start. */
const FINISHED: readonly InstanceStatus[] = ['completed', 'submitted', 'abandoned'];
const STATUS_WORD: Partial<Record<InstanceStatus, string>> = { completed: 'Completed', submitted: 'Submitted', abandoned: 'Abandoned' };

/** `/work`: the member's runs, open ones first, each served by `[userId+status+lastActivityAt]`. */
export function MyWorkScreen() {
  useDocumentTitle('My work');
  return (
    <>
      <h1 tabIndex={-1}>My work</h1>
      <InstanceSection title="In progress" statuses={IN_PROGRESS} empty="Nothing in progress. Start a procedure, checklist or form from the library." />
      <InstanceSection title="Finished" statuses={FINISHED} empty="No finished runs on this device yet." />
    </>
  );
}

function InstanceSection({ title, statuses, empty }: { title: string; statuses: readonly InstanceStatus[]; empty: string }) {
  const { data, user } = useSignedIn();
  const headingId = useId();
  const fetchPage = useCallback(
    (after: Cursor | undefined) => listInstances(data.db, { userId: user.id, statuses, limit: PAGE, ...(after !== undefined ? { after } : {}) }),
    [data.db, user.id, statuses],
  );
  const { rows, more, error, showMore } = usePagedLiveQuery(statuses.join(','), fetchPage);

  return (
    <section className="work-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {error !== undefined ? (
        <p className="form-error" role="alert">
          Your runs could not be read from this device. Reload Fieldbook to try again.
        </p>
      ) : rows === undefined ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : rows.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <>
          <ul className="work-list">
            {rows.map((row) => (
              <InstanceCard key={row.id} row={row} />
            ))}
          </ul>
          {more && (
            <button type="button" className="button wide" onClick={showMore}>
              Show more<span className="visually-hidden"> {title.toLowerCase()}</span>
            </button>
          )}
        </>
      )}
    </section>
  );
}

function InstanceCard({ row }: { row: InstanceRow }) {
  const percent = Math.round((row.progress ?? 0) * 100);
  const finished = isFinished(row.status);
  // A run named from its answers ("Ute 14 — Depot") is listed by that name, its document under it.
  const named = row.name !== undefined && row.name !== row.title;
  const label = named ? (row.name ?? row.title) : row.title;
  return (
    <li className={`card work-card type-${row.contentType}`}>
      <div className="work-main">
        <h3 className="card-title">{label}</h3>
        {named && <p className="card-meta work-doc-title">{row.title}</p>}
        <p className="card-meta">
          <span className="badge">{TYPE_LABEL[row.contentType]}</span>
          <span>{finished ? STATUS_WORD[row.status] : `${percent}% done`}</span>
          {row.flagged !== undefined && row.flagged > 0 && <span className="work-flags">{row.flagged} flagged</span>}
          <span>
            Last activity <time dateTime={isoOf(row.lastActivityAt)}>{formatWhen(row.lastActivityAt)}</time>
          </span>
        </p>
        {row.status === 'abandoned' && row.abandonReason !== undefined && <p className="card-meta">Reason: {row.abandonReason}</p>}
        <div className="mini-bar" aria-hidden="true">
          <span style={{ width: `${percent}%` }} />
        </div>
      </div>
      <div className="work-actions">
        {row.status === 'abandoned' && <StartAgain row={row} />}
        <Link className={`button${finished ? '' : ' primary'}`} to={`/run/${row.id}`}>
          {finished ? 'Open' : 'Resume'}
          <span className="visually-hidden"> {label}</span>
        </Link>
      </div>
    </li>
  );
}

/** An abandoned run is not resumed: a new run of the same document starts in its place. */
function StartAgain({ row }: { row: InstanceRow }) {
  const { data, user } = useSignedIn();
  const navigate = useNavigate();
  const [state, setState] = useState<'idle' | 'starting' | 'gone' | 'failed'>('idle');
  const start = async (): Promise<void> => {
    setState('starting');
    try {
      const next = await startRunOf(data.db, user.id, row.sourceDocumentId);
      if (next === undefined) return setState('gone');
      await navigate(`/run/${next.id}`);
    } catch (error) {
      console.error(error);
      setState('failed');
    }
  };
  return (
    <>
      <button type="button" className="button primary" disabled={state === 'starting'} onClick={() => void start()}>
        {state === 'starting' ? 'Starting…' : 'Start again'}
        <span className="visually-hidden"> {row.title}</span>
      </button>
      {(state === 'gone' || state === 'failed') && (
        <p className="form-error" role="alert">
          {state === 'gone' ? 'This document is no longer on this device.' : 'A new run could not be started on this device.'}
        </p>
      )}
    </>
  );
}
