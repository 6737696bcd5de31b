/**
 * The EditTracker decides when the runner may say "saved": only once `applyEdit` resolved, i.e.
 * after the doc update is durable AND the projected row committed. The storage here is gated by
 * hand, so each test opens the gates in the order it wants and asserts the state in between.
 */
import { describe, expect, it } from 'vitest';
import { openInstance, ReadOnlyError, StorageError } from '../completion';
import type { CompletionWrite, DocPersistence, Edit } from '../completion';
import { instanceOf, procedureVersion } from '../completion/fixtures';
import type { Instance } from '../domain';
import { EditTracker } from './edit-tracker';
import type { SaveState } from './edit-tracker';

interface Gate<T> {
  readonly args: T;
  readonly open: () => void;
  readonly fail: (error: unknown) => void;
}

/** Calls that wait until the test opens (or fails) them; `next()` resolves with the next call. */
function gates<T>() {
  const calls: Gate<T>[] = [];
  let taken = 0;
  let wake: (() => void) | null = null;
  return {
    calls,
    call(args: T): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        calls.push({ args, open: resolve, fail: reject });
        wake?.();
      });
    },
    async next(): Promise<Gate<T>> {
      while (calls.length <= taken) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      return calls[taken++] as Gate<T>;
    },
  };
}

/** A session over hand-gated storage: every `flushed()` and every row write waits for the test. */
async function gatedSession(instance: Instance = instanceOf(procedureVersion, { status: 'in_progress', startedAt: 100 })) {
  const flushes = gates<undefined>();
  const rows = gates<readonly CompletionWrite[]>();
  const persistence: DocPersistence = {
    load: () => Promise.resolve(),
    flushed: () => flushes.call(undefined),
    destroy: () => Promise.resolve(),
  };
  const session = await openInstance({
    instance,
    version: procedureVersion,
    persistence,
    records: { writeRecords: (writes) => rows.call(writes) },
    device: 'tablet-1',
    now: () => 1_000,
  });
  return { session, flushes, rows };
}

/** Every state the tracker published, in order. */
function published(tracker: EditTracker): SaveState[] {
  const seen: SaveState[] = [];
  tracker.subscribe(() => seen.push(tracker.getState()));
  return seen;
}

/** Resolves at the first published state that satisfies `predicate` (or now, if the current one does). */
function stateWhere(tracker: EditTracker, predicate: (state: SaveState) => boolean): Promise<SaveState> {
  return new Promise((resolve) => {
    if (predicate(tracker.getState())) return resolve(tracker.getState());
    const off = tracker.subscribe(() => {
      if (!predicate(tracker.getState())) return;
      off();
      resolve(tracker.getState());
    });
  });
}

/** A tracker whose first save (of `done:s1`) failed: the row write was aborted. */
async function afterFailedSave() {
  const gated = await gatedSession();
  const tracker = new EditTracker(gated.session);
  tracker.save('done:s1', done('s1'));
  (await gated.flushes.next()).open();
  (await gated.rows.next()).fail(new StorageError('aborted'));
  await tracker.idle();
  return { ...gated, tracker };
}

const done = (id: string, value = true): (() => Edit) => () => ({ kind: 'done', id, done: value });
const keysOf = (set: ReadonlySet<string>): string[] => [...set].sort();

describe('EditTracker: what the runner may claim about a change', () => {
  it('starts with nothing pending, nothing failed and nothing saved', async () => {
    const { session } = await gatedSession();
    expect(new EditTracker(session).getState()).toEqual({ saving: new Set(), failure: null, saved: false });
  });

  it('is pending while the doc update is being stored, still pending while the row commits, and saved only after the row committed', async () => {
    const { session, flushes, rows } = await gatedSession();
    const tracker = new EditTracker(session);
    tracker.save('done:s1', done('s1'));
    // The doc changed at once (the UI shows it), the save did not finish.
    expect(session.model.snapshot().done).toMatchObject({ s1: true });
    expect(tracker.getState()).toMatchObject({ saved: false, failure: null });
    expect(keysOf(tracker.getState().saving)).toEqual(['done:s1']);

    (await flushes.next()).open();
    const row = await rows.next();
    // The doc update is durable but the projected row is not: not saved yet.
    expect(tracker.getState().saved).toBe(false);
    expect(keysOf(tracker.getState().saving)).toEqual(['done:s1']);
    expect(row.args).toEqual([{ kind: 'instance', value: expect.objectContaining({ id: session.instance.id }) as unknown }]);

    row.open();
    await tracker.idle();
    expect(tracker.getState()).toEqual({ saving: new Set(), failure: null, saved: true });
  });

  it('a failed row write never says saved: it shows the storage message and keeps the control failed', async () => {
    const { session, flushes, rows } = await gatedSession();
    const tracker = new EditTracker(session);
    const seen = published(tracker);
    tracker.save('done:s1', done('s1'));
    (await flushes.next()).open();
    (await rows.next()).fail(Object.assign(new Error('disk full'), { name: 'QuotaExceededError' }));
    await tracker.idle();

    expect(tracker.getState().saved).toBe(false);
    expect(tracker.getState().saving.size).toBe(0);
    expect(tracker.getState().failure?.message).toBe(new StorageError('quota').message);
    expect(keysOf(tracker.getState().failure?.keys ?? new Set())).toEqual(['done:s1']);
    expect(seen.some((state) => state.saved)).toBe(false);
  });

  it('a failed doc write never says saved and never writes the row', async () => {
    const { session, flushes, rows } = await gatedSession();
    const tracker = new EditTracker(session);
    const seen = published(tracker);
    tracker.save('done:s1', done('s1'));
    (await flushes.next()).fail(new StorageError('unavailable'));
    await tracker.idle();

    expect(rows.calls).toHaveLength(0);
    expect(tracker.getState()).toMatchObject({ saved: false, failure: { message: new StorageError('unavailable').message } });
    expect(seen.some((state) => state.saved)).toBe(false);
  });

  it('an unknown error is shown in words, never as its raw text', async () => {
    const { session, flushes, rows } = await gatedSession();
    const tracker = new EditTracker(session);
    tracker.save('done:s1', done('s1'));
    (await flushes.next()).open();
    (await rows.next()).fail(new Error('TypeError: x is undefined'));
    await tracker.idle();
    expect(tracker.getState().failure?.message).toBe(new StorageError('unknown').message);
  });

  it('retry stores the failed change again; its success clears the failure and says saved', async () => {
    const { flushes, rows, tracker } = await afterFailedSave();
    expect(tracker.getState().failure).not.toBeNull();

    tracker.retry();
    // Retrying: pending again, the failure no longer shown, not saved.
    expect(tracker.getState()).toMatchObject({ failure: null, saved: false });
    expect(keysOf(tracker.getState().saving)).toEqual(['done:s1']);
    (await flushes.next()).open();
    (await rows.next()).open();
    await tracker.idle();
    expect(tracker.getState()).toEqual({ saving: new Set(), failure: null, saved: true });
  });

  it('a later successful save of the failed control clears its failure', async () => {
    const { flushes, rows, tracker } = await afterFailedSave();

    tracker.save('done:s1', done('s1', false));
    (await flushes.next()).open();
    (await rows.next()).open();
    await tracker.idle();
    expect(tracker.getState()).toEqual({ saving: new Set(), failure: null, saved: true });
  });

  it('a failure of one control is not cleared by a success of another, and blocks "saved"', async () => {
    const { flushes, rows, tracker } = await afterFailedSave();

    tracker.save('done:s2', done('s2'));
    (await flushes.next()).open();
    (await rows.next()).open();
    await tracker.idle();
    expect(tracker.getState().saved).toBe(false);
    expect(keysOf(tracker.getState().failure?.keys ?? new Set())).toEqual(['done:s1']);
  });

  it('latest wins per control: changes made while one is stored collapse into one follow-up made from the newest value', async () => {
    const { session, flushes, rows } = await gatedSession();
    const tracker = new EditTracker(session);
    let text = 'v';
    const value = (): Edit => ({ kind: 'value', key: 's1.temp', value: text.length });
    tracker.save('value:s1.temp', value);
    for (const next of ['va', 'val', 'valv']) {
      text = next;
      tracker.save('value:s1.temp', value);
    }
    expect(keysOf(tracker.getState().saving)).toEqual(['value:s1.temp']);
    (await flushes.next()).open();
    (await rows.next()).open();
    // The queued follow-up starts when the first settles, built from the newest value.
    (await flushes.next()).open();
    (await rows.next()).open();
    await tracker.idle();

    expect(rows.calls).toHaveLength(2);
    expect(session.model.snapshot().values).toMatchObject({ 's1.temp': 4 });
    expect(tracker.getState()).toEqual({ saving: new Set(), failure: null, saved: true });
  });

  it('is not saved while any control is still pending, though another one was stored', async () => {
    const { session, flushes, rows } = await gatedSession();
    const tracker = new EditTracker(session);
    tracker.save('done:s1', done('s1'));
    tracker.save('done:s2', done('s2'));
    expect(keysOf(tracker.getState().saving)).toEqual(['done:s1', 'done:s2']);
    (await flushes.next()).open();
    (await rows.next()).open();
    await stateWhere(tracker, (state) => state.saving.size === 1);
    expect(tracker.getState().saved).toBe(false);
    (await flushes.next()).open();
    (await rows.next()).open();
    await tracker.idle();
    expect(tracker.getState().saved).toBe(true);
  });

  it('a change the model refuses (finished run) fails with its message, never says saved and stores nothing', async () => {
    const finished = instanceOf(procedureVersion, { status: 'completed', startedAt: 100, completedAt: 200 });
    const { session, flushes, rows } = await gatedSession(finished);
    const tracker = new EditTracker(session);
    const seen = published(tracker);
    tracker.save('done:s1', done('s1'));
    // applyEdit is async, so the refusal arrives as a rejection, after the save was marked pending.
    await tracker.idle();
    expect(tracker.getState()).toMatchObject({ saved: false, failure: { message: new ReadOnlyError().message } });
    expect(seen.some((state) => state.saved)).toBe(false);
    expect(tracker.getState().saving.size).toBe(0);
    expect(flushes.calls).toHaveLength(0);
    expect(rows.calls).toHaveLength(0);
  });

  it('an edit builder that throws fails that control; one that returns null changes nothing', async () => {
    const { session, flushes } = await gatedSession();
    const tracker = new EditTracker(session);
    tracker.save('value:s1.temp', () => {
      throw new StorageError('unknown');
    });
    expect(tracker.getState().failure?.keys.has('value:s1.temp')).toBe(true);
    const other = new EditTracker(session);
    other.save('done:s1', () => null);
    expect(other.getState()).toEqual({ saving: new Set(), failure: null, saved: false });
    expect(flushes.calls).toHaveLength(0);
  });

  it('tells subscribers of every change of state, and stops after unsubscribe', async () => {
    const { session, flushes, rows } = await gatedSession();
    const tracker = new EditTracker(session);
    const seen: SaveState[] = [];
    const off = tracker.subscribe(() => seen.push(tracker.getState()));
    tracker.save('done:s1', done('s1'));
    (await flushes.next()).open();
    (await rows.next()).open();
    await tracker.idle();
    expect(seen.map((state) => [state.saving.size, state.saved])).toEqual([
      [1, false],
      [0, true],
    ]);
    off();
    tracker.save('done:s2', done('s2'));
    expect(seen).toHaveLength(2);
    (await flushes.next()).open();
    (await rows.next()).open();
    await tracker.idle();
  });

  it('idle() waits for queued follow-ups too, not only the change in flight', async () => {
    const { session, flushes, rows } = await gatedSession();
    const tracker = new EditTracker(session);
    tracker.save('done:s1', done('s1'));
    tracker.save('done:s1', done('s1', false));
    let idle = false;
    const settled = tracker.idle().then(() => (idle = true));
    (await flushes.next()).open();
    (await rows.next()).open();
    (await flushes.next()).open();
    const second = await rows.next();
    expect(idle).toBe(false);
    second.open();
    await settled;
    expect(session.model.snapshot().done).toMatchObject({ s1: false });
    expect(tracker.getState().saved).toBe(true);
  });
});
