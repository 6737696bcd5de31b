import { useMemo } from 'react';
import { compiledLogicOf } from '../../domain';
import type { AnswerValue, CompiledLogic, CompletionSnapshot, LogicState } from '../../domain';
import { useDocRevision } from './use-run';
import type { OpenRun } from './use-run';

const same = (a: AnswerValue | undefined, b: AnswerValue | undefined): boolean =>
  a === b || (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]));

/**
 * The keys whose answers differ between two snapshots: value keys, step/item ids (ticks) and
 * the group key of every repeat group whose live rows changed. Diffing the snapshots (rather
 * than listening for slots) also catches rows and updates from other devices.
 */
export function changedKeys(before: CompletionSnapshot, after: CompletionSnapshot): Set<string> {
  const changed = new Set<string>();
  for (const key of new Set([...Object.keys(before.values), ...Object.keys(after.values)])) {
    if (!same(before.values[key], after.values[key])) changed.add(key);
  }
  for (const key of new Set([...Object.keys(before.done), ...Object.keys(after.done)])) {
    if ((before.done[key] === true) !== (after.done[key] === true)) changed.add(key);
  }
  const beforeRows = before.rows ?? {};
  const afterRows = after.rows ?? {};
  for (const group of new Set([...Object.keys(beforeRows), ...Object.keys(afterRows)])) {
    const a = beforeRows[group] ?? [];
    const b = afterRows[group] ?? [];
    if (a.length !== b.length || a.some((row, i) => row !== b[i])) changed.add(group);
  }
  return changed;
}

/** Holds the last state so the next snapshot re-evaluates only the rules its changes feed. */
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
