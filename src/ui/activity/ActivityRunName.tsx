import { useCallback } from 'react';
import type { FieldbookDB } from '../../db';
import type { ActivityEvent } from '../../domain';
import { useLiveQuery } from '../shared/hooks/use-live-query';
import './activity.css';

/**
 * The run's own name beside an event ("Ute 14 — Depot"), read from the run's record on this
 * device (by primary key). An event keeps its document title: it is immutable, the name is not.
 */
export function ActivityRunName({ event, db }: { event: ActivityEvent; db: FieldbookDB }) {
  const query = useCallback(async () => (await db.instances.get(event.instanceId))?.name, [db, event.instanceId]);
  const name = useLiveQuery(query).value;
  if (name === undefined || name === event.title) return null;
  return <p className="activity-run-name">Run: {name}</p>;
}
