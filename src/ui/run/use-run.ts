import { useEffect, useState, useSyncExternalStore } from 'react';
import type { OpenInstance } from '../../completion';
import { showRun } from '../../runs/open-run';
import type { RunHost, RunState } from '../../runs/open-run';

export type { OpenRun, RunHost, RunState } from '../../runs/open-run';

/**
 * The run `instanceIdText` while the screen shows it (`showRun` in src/runs opens it, and
 * closes it on unmount once its pending edits settled). A Y.Doc is never left open behind the
 * screen, and the host's database is held until then.
 */
export function useRun(host: RunHost, instanceIdText: string, viewerId?: string): RunState {
  const { db, instanceSync, work, fetchRun } = host;
  const [state, setState] = useState<{ id: string; run: RunState }>({ id: instanceIdText, run: { kind: 'loading' } });

  useEffect(() => {
    const close = showRun({ db, instanceSync, work, fetchRun }, instanceIdText, viewerId, (run) => setState({ id: instanceIdText, run }));
    return () => void close();
  }, [db, instanceIdText, instanceSync, work, fetchRun, viewerId]);

  return state.id === instanceIdText ? state.run : { kind: 'loading' };
}

/**
 * Re-render on every change of the doc (local edits, notes, and updates from elsewhere); the
 * returned number changes with each one, so it can key memoised reads of the model.
 */
export function useDocRevision(session: OpenInstance): number {
  const doc = session.model.doc;
  return useSyncExternalStore(
    (listener) => {
      const onUpdate = (): void => {
        revisions.set(doc, (revisions.get(doc) ?? 0) + 1);
        listener();
      };
      doc.on('update', onUpdate);
      return () => doc.off('update', onUpdate);
    },
    () => revisions.get(doc) ?? 0,
  );
}

const revisions = new WeakMap<object, number>();
