import { useMemo } from 'react';
import { changedKeys, compiledLogicOf } from '../../domain';
import type { CompiledLogic, CompletionSnapshot, LogicState } from '../../domain';
import { useDocRevision } from './use-run';
import type { OpenRun } from './use-run';

/**
 * Holds the last state so the next snapshot re-evaluates only the rules its changes feed. The
 * changed keys come from diffing the snapshots (`changedKeys`), which also catches rows and
 * updates from other devices.
 */
export class LogicTracker {
  private last: { readonly snapshot: CompletionSnapshot; readonly state: LogicState; readonly revision: number } | null = null;

  constructor(private readonly compiled: CompiledLogic) {}

  /** The state for `snapshot`, the doc at `revision` (the same revision answers the same state). */
  stateFor(snapshot: CompletionSnapshot, revision: number): LogicState {
    const last = this.last;
    if (last !== null && last.revision === revision) return last.state;
    const state = last === null ? this.compiled.evaluate(snapshot) : this.compiled.update(last.state, snapshot, changedKeys(last.snapshot, snapshot));
    this.last = { snapshot, state, revision };
    return state;
  }
}

/**
 * The run's logic state (what is shown, required, calculated) for the doc as it is now. The
 * version's rules are compiled once per version (versions are immutable); each change of the
 * doc updates the state from the keys that changed (`CompiledLogic.update`).
 */
export function useLogic(run: Pick<OpenRun, 'session' | 'version'>): LogicState {
  const revision = useDocRevision(run.session);
  const { version, session } = run;
  // The version object is the run's pinned version (immutable), so the tracker lives as long as it.
  const tracker = useMemo(() => new LogicTracker(compiledLogicOf(version.contentType, version.definition)), [version]);
  // `revision` changes with every doc update: the memo is the state for that revision.
  return useMemo(() => tracker.stateFor(session.model.snapshot(), revision), [tracker, session, revision]);
}
