import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { closeInstance, indexeddbPersistence, openInstance } from '../completion';
import type { CompletionWrite, OpenInstance, RecordWriter } from '../completion';
import type { FieldbookDB } from '../db';
import { closeTestDbs, freshDb, uuid } from '../db/test-support';
import type { Instance, UserId } from '../domain';
import { EditTracker } from './edit-tracker';
import type { SaveState } from './edit-tracker';
import { recordWriter } from './record-writer';
import { startRun } from './start-run';
import { deferred, storedProcedure } from './test-support';

const sessions: OpenInstance[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => closeInstance(s)));
  await closeTestDbs();
});

const QUOTA = 'This device is out of storage space, so your last change is not saved yet. Free some space and try again.';

/**
 * The real Dexie writer behind a gate the test opens by hand: `called` resolves when the row
 * write starts, `committed` is true once Dexie's transaction resolved.
 */
function gatedWriter(db: FieldbookDB) {
  const real = recordWriter(db);
  const state = { committed: false, calls: [] as (readonly CompletionWrite[])[], gate: deferred(), called: deferred(), fail: null as Error | null };
  const writer: RecordWriter = {
    async writeRecords(writes) {
      state.calls.push(writes);
      state.called.resolve();
      await state.gate.promise;
      if (state.fail !== null) throw state.fail;
      await real.writeRecords(writes);
      state.committed = true;
    },
  };
  return { writer, state };
}

async function openTracked(records: RecordWriter, db: FieldbookDB): Promise<{ tracker: EditTracker; instance: Instance; session: OpenInstance }> {
  const { document, version } = await storedProcedure(db);
  const instance = await startRun(db, uuid() as UserId, document, version);
  const session = await openInstance({ instance, version, persistence: indexeddbPersistence(instance.id), records, device: 'tablet1' });
  sessions.push(session);
  return { tracker: new EditTracker(session), instance, session };
}

describe('EditTracker', () => {
  it('says "saved" only after the row write committed', async () => {
    const db = freshDb();
    const { writer, state } = gatedWriter(db);
    const { tracker, instance } = await openTracked(writer, db);
    const published: { state: SaveState; committed: boolean }[] = [];
    tracker.subscribe(() => published.push({ state: tracker.getState(), committed: state.committed }));

    tracker.save('s1', () => ({ kind: 'done', id: 's1', done: true }));
    expect(tracker.getState()).toMatchObject({ saved: false, failure: null });
    expect([...tracker.getState().saving]).toEqual(['s1']);

    // The doc update is durable and the row write has started, but has not committed.
    await state.called.promise;
    expect(tracker.getState().saved).toBe(false);
    expect((await db.instances.get(instance.id))?.status).toBe('not_started');

    state.gate.resolve();
    await tracker.idle();
    expect(tracker.getState()).toMatchObject({ saved: true, failure: null });
    expect(tracker.getState().saving.size).toBe(0);
    expect((await db.instances.get(instance.id))?.status).toBe('in_progress');
    // Every state that said "saved" was published after the commit.
    expect(published.filter((p) => p.state.saved).every((p) => p.committed)).toBe(true);
    expect(published.some((p) => p.state.saved)).toBe(true);
  });

  it('collapses changes of one control made while it is being stored into one write of the newest value', async () => {
    const db = freshDb();
    const { writer, state } = gatedWriter(db);
    const { tracker, session } = await openTracked(writer, db);
    let value = 1;
    const make = () => ({ kind: 'value' as const, key: 's2.bar', value });
    tracker.save('bar', make);
    await state.called.promise;
    for (const next of [2, 3, 4]) {
      value = next;
      tracker.save('bar', make);
    }
    expect([...tracker.getState().saving]).toEqual(['bar']);
    state.gate.resolve();
    await tracker.idle();
    expect(state.calls).toHaveLength(2);
    expect(tracker.getState().saved).toBe(true);
    expect(session.model.snapshot().values).toEqual({ 's2.bar': 4 });
  });

  it('keeps a failed save as a failure in words, never "saved", until a retry stores it', async () => {
    const db = freshDb();
    const { writer, state } = gatedWriter(db);
    const { tracker } = await openTracked(writer, db);
    state.fail = new DOMException('full', 'QuotaExceededError');
    state.gate.resolve();
    tracker.save('s1', () => ({ kind: 'done', id: 's1', done: true }));
    await tracker.idle();
    expect(tracker.getState().saved).toBe(false);
    expect(tracker.getState().failure?.message).toBe(QUOTA);
    expect([...(tracker.getState().failure?.keys ?? [])]).toEqual(['s1']);

    state.fail = null;
    tracker.retry();
    await tracker.idle();
    expect(tracker.getState()).toMatchObject({ saved: true, failure: null });
    expect(state.committed).toBe(true);
  });

  it('an edit refused before anything is stored is a failure, and an edit that is not needed is no save', async () => {
    const db = freshDb();
    const { tracker } = await openTracked(recordWriter(db), db);
    tracker.save('x', () => null);
    expect(tracker.getState()).toMatchObject({ saved: false, failure: null });
    expect(tracker.getState().saving.size).toBe(0);
    tracker.save('y', () => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    expect(tracker.getState().failure?.message).toBe(QUOTA);
  });
});
