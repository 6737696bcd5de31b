import { useCallback, useEffect } from 'react';
import type { FieldbookDB } from '../../db';
import { isFinished } from '../../domain';
import type { Instance } from '../../domain';
import { registerBeforeUpdate } from '../../pwa/register';
import { useLiveQuery } from '../shared/hooks/use-live-query';
import { useDocRevision } from './use-run';
import type { OpenRun } from './use-run';

/** The open run's live instance row, whether it is finished, and whether the runner is read-only. */
export function useRunRow(run: OpenRun, db: FieldbookDB): { row: Instance; finished: boolean; readOnly: boolean } {
  useDocRevision(run.session);
  const rowQuery = useCallback(() => db.instances.get(run.instance.id), [db, run.instance.id]);
  const row: Instance = useLiveQuery(rowQuery, { keepPrevious: true }).value ?? run.instance;
  const finished = isFinished(row.status);
  const readOnly = finished || run.reader || run.session.model.isReadOnly;

  // A run finished elsewhere (another device, synced) is read-only here too.
  useEffect(() => {
    if (finished) run.session.model.setReadOnly(true);
  }, [finished, run.session.model]);
  // Before the app reloads into a new version, let every pending change reach IndexedDB.
  useEffect(() => registerBeforeUpdate(() => run.tracker.idle()), [run.tracker]);
  return { row, finished, readOnly };
}
