import { useCallback, useEffect, useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { listActivity, listLibrary } from '../../db';
import type { Cursor } from '../../db';
import { ACTIVITY_TYPES, documentIdSchema } from '../../domain';
import type { ActivityEvent, ActivityType, DocumentId } from '../../domain';
import { ActivityActor } from './ActivityActor';
import { ActivityFacts } from './ActivityFacts';
import { ActivityRunName } from './ActivityRunName';
import { useDocumentTitle } from '../shared/hooks/use-document-title';
import { useLiveQuery } from '../shared/hooks/use-live-query';
import { useNames } from '../shared/hooks/use-members';
import { usePagedLiveQuery } from '../shared/hooks/use-paged-live-query';
import { formatWhen, isoOf } from '../shared/time';
import { useSignedIn } from '../user-data';
import './activity.css';

const PAGE = 25;

const ACTIVITY_LABEL: Record<ActivityType, string> = {
  procedure_started: 'Procedure started',
  procedure_completed: 'Procedure completed',
  checklist_started: 'Checklist started',
  checklist_completed: 'Checklist completed',
  form_started: 'Form started',
  form_submitted: 'Form submitted',
  form_received: 'Form received',
  run_abandoned: 'Run abandoned',
  answer_flagged: 'Answer flagged',
};

const parseType = (value: string | null): ActivityType | undefined => ACTIVITY_TYPES.find((t) => t === value);
const parseDocument = (value: string | null): DocumentId | undefined => {
  const parsed = documentIdSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

/**
 * `/activity`: newest first from this device's database, so it works offline. Keyset paging
 * ("Show more"); filters by type and document live in the URL. Admins see the workspace's
 * events, members their own.
 */
export function ActivityScreen() {
  useDocumentTitle('Activity');
  const { data, user } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const type = parseType(params.get('type'));
  const documentId = parseDocument(params.get('document'));
  const typeId = useId();
  const documentSelectId = useId();

  const documents = useLiveQuery(useCallback(() => listLibrary(data.db, { includeArchived: true }), [data.db])).value;
  const fetchPage = useCallback(
    (after: Cursor | undefined) =>
      listActivity(data.db, {
        limit: PAGE,
        ...(user.role === 'admin' ? {} : { userId: user.id }),
        ...(type !== undefined ? { type } : {}),
        ...(documentId !== undefined ? { documentId } : {}),
        ...(after !== undefined ? { after } : {}),
      }),
    [data.db, user.id, user.role, type, documentId],
  );
  const { rows, more, error, showMore } = usePagedLiveQuery(`${type ?? ''}|${documentId ?? ''}`, fetchPage);
  // Someone who joined since the members list was stored: ask the relay for names again.
  const names = useNames();
  const unknownPerson = (rows ?? []).some((e) => e.userId !== undefined && e.userId !== user.id && !names.has(e.userId));
  useEffect(() => {
    if (unknownPerson) void data.refreshMembers();
  }, [unknownPerson, data]);

  const update = (key: 'type' | 'document', value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === '') next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <h1 tabIndex={-1}>Activity</h1>
      <div className="activity-filters">
        <div className="field">
          <label htmlFor={typeId}>Type</label>
          <select id={typeId} value={type ?? ''} onChange={(e) => update('type', e.target.value)}>
            <option value="">All types</option>
            {ACTIVITY_TYPES.map((t) => (
              <option key={t} value={t}>
                {ACTIVITY_LABEL[t]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={documentSelectId}>Document</label>
          <select id={documentSelectId} value={documentId ?? ''} onChange={(e) => update('document', e.target.value)}>
            <option value="">All documents</option>
            {(documents ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.title}
              </option>
            ))}
          </select>
        </div>
      </div>

      {error !== undefined ? (
        <p className="form-error" role="alert">
          Activity could not be read from this device. Reload Fieldbook to try again.
        </p>
      ) : rows === undefined ? (
        <p role="status" className="muted">
          Loading activity…
        </p>
      ) : rows.length === 0 ? (
        <p className="empty">{type !== undefined || documentId !== undefined ? 'No activity matches these filters.' : 'No activity on this device yet.'}</p>
      ) : (
        <>
          <ol className="activity-list" aria-label="Events, newest first">
            {rows.map((event) => (
              <ActivityRow key={event.id} event={event} />
            ))}
          </ol>
          {more && (
            <button type="button" className="button wide" onClick={showMore}>
              Show more
            </button>
          )}
        </>
      )}
    </>
  );
}

function ActivityRow({ event }: { event: ActivityEvent }) {
  const { data, user } = useSignedIn();
  return (
    <li className={`activity-row kind-${event.type}`}>
      <div>
        <p className="activity-type">{ACTIVITY_LABEL[event.type]}</p>
        <p className="activity-title">{event.title}</p>
        <ActivityRunName event={event} db={data.db} />
        <ActivityActor event={event} db={data.db} viewerId={user.id} />
        <ActivityFacts event={event} />
        <p className="muted">
          <time dateTime={isoOf(event.createdAt)}>{formatWhen(event.createdAt)}</time>
        </p>
      </div>
      <Link className="button" to={`/run/${event.instanceId}`}>
        Open run<span className="visually-hidden">: {event.title}</span>
      </Link>
    </li>
  );
}
