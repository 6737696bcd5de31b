import { useCallback, useId } from 'react';
import { Link } from 'react-router';
import { listInstances } from '../../db';
import type { Cursor, InstanceRow } from '../../db';
import type { InstanceStatus } from '../../domain';
import { useDocumentTitle } from '../hooks/use-document-title';
import { usePagedLiveQuery } from '../hooks/use-paged-live-query';
import { TYPE_LABEL } from '../format';
import { formatWhen, isoOf } from '../time';
import { useSignedIn } from '../user-data';

const PAGE = 20;
const IN_PROGRESS: readonly InstanceStatus[] = ['not_started', 'in_progress'];
const FINISHED: readonly InstanceStatus[] = ['completed', 'submitted'];

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
  const finished = row.status === 'completed' || row.status === 'submitted';
  return (
    <li className={`card work-card type-${row.contentType}`}>
      <div className="work-main">
        <h3 className="card-title">{row.title}</h3>
        <p className="card-meta">
          <span className="badge">{TYPE_LABEL[row.contentType]}</span>
          <span>{finished ? (row.status === 'submitted' ? 'Submitted' : 'Completed') : `${percent}% done`}</span>
          <span>
            Last activity <time dateTime={isoOf(row.lastActivityAt)}>{formatWhen(row.lastActivityAt)}</time>
          </span>
        </p>
        <div className="mini-bar" aria-hidden="true">
          <span style={{ width: `${percent}%` }} />
        </div>
      </div>
      <Link className={`button${finished ? '' : ' primary'}`} to={`/run/${row.id}`}>
        {finished ? 'Open' : 'Resume'}
        <span className="visually-hidden"> {row.title}</span>
      </Link>
    </li>
  );
}
