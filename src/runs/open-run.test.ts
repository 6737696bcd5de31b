import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyEdit, finish } from '../completion';
import { closeTestDbs, freshDb, uuid } from '../db/test-support';
import type { UserId } from '../domain';
import type { InstanceSync } from '../sync/docs/instance-sync';
import { createDatabaseHolds } from '../sync/database-holds';
import { closeRun, openRun, showRun } from './open-run';
import type { OpenRunResult, RunState } from './open-run';
import { loadPosition, storePosition } from './run-position';
import { startRun } from './start-run';
import { deferred, storedProcedure } from './test-support';

afterEach(closeTestDbs);

const ANA = uuid() as UserId;

function ready(result: RunState): Extract<OpenRunResult, { kind: 'ready' }> {
  if (result.kind !== 'ready') throw new Error(`expected an open run, got ${JSON.stringify(result)}`);
  return result;
}

/** Records what the runner asked of live sync; the provider manager itself is never needed here. */
function fakeSync(): InstanceSync & { attached: unknown[][]; detached: string[] } {
  const attached: unknown[][] = [];
  const detached: string[] = [];
  return {
    attached,
    detached,
    attach: (...args) => void attached.push(args),
    detach: (id) => void detached.push(id),
    manager: new Promise(() => undefined),
  };
}

async function aStartedRun() {
  const db = freshDb();
  const { document, version } = await storedProcedure(db);
  const instance = await startRun(db, ANA, document, version);
  return { db, document, version, instance };
}

describe('openRun', () => {
  it('opens a run that exists, pinned to its version, with its stored answers', async () => {
    const { db, version, instance } = await aStartedRun();
    const first = ready(await openRun({ db }, instance.id, ANA));
    await applyEdit(first.session, { kind: 'done', id: 's1', done: true });
    await closeRun(first);

    const run = ready(await openRun({ db }, instance.id, ANA));
    expect(run.instance.id).toBe(instance.id);
    expect(run.version).toEqual(version);
    expect(run.reader).toBe(false);
    expect(run.session.model.isReadOnly).toBe(false);
    expect(run.session.model.snapshot().done).toEqual({ s1: true });
    await closeRun(run);
  });

  it('says a run that does not exist is missing, and asks the relay when it can', async () => {
    const { db } = await aStartedRun();
    expect(await openRun({ db }, uuid())).toEqual({ kind: 'missing', reason: 'instance' });
    expect(await openRun({ db }, 'not-an-id')).toEqual({ kind: 'missing', reason: 'instance' });
    const fetchRun = vi.fn(() => Promise.resolve('not_found' as const));
    const id = uuid();
    expect(await openRun({ db, fetchRun }, id)).toEqual({ kind: 'missing', reason: 'not_found' });
    expect(fetchRun).toHaveBeenCalledWith(id);
    expect(await openRun({ db, fetchRun: () => Promise.resolve('offline' as const) }, uuid())).toEqual({ kind: 'missing', reason: 'offline' });
  });

  it('says so when the pinned version has not arrived', async () => {
    const { db, instance } = await aStartedRun();
    await db.versions.clear();
    expect(await openRun({ db }, instance.id, ANA)).toEqual({ kind: 'missing', reason: 'version' });
  });

  it('opens a finished run read-only, and opening it writes nothing', async () => {
    const { db, instance } = await aStartedRun();
    const run = ready(await openRun({ db }, instance.id, ANA));
    await applyEdit(run.session, { kind: 'done', id: 's1', done: true });
    expect((await finish(run.session)).ok).toBe(true);
    await closeRun(run);
    const outboxBefore = await db.outbox.count();

    const again = ready(await openRun({ db }, instance.id, ANA));
    expect(again.instance.status).toBe('completed');
    expect(again.session.model.isReadOnly).toBe(true);
    await closeRun(again);
    expect(await db.outbox.count()).toBe(outboxBefore);
  });

  it("opens someone else's run as a reader: read-only", async () => {
    const { db, instance } = await aStartedRun();
    const run = ready(await openRun({ db }, instance.id, uuid()));
    expect(run.reader).toBe(true);
    expect(run.session.model.isReadOnly).toBe(true);
    await closeRun(run);
  });

  it('restores the position stored for the run on this device', async () => {
    const { db, instance } = await aStartedRun();
    expect(ready(await openRun({ db }, instance.id, ANA)).position).toBeUndefined();
    await storePosition(db, instance.id, 's2');
    expect(await loadPosition(db, instance.id)).toBe('s2');
    const run = ready(await openRun({ db }, instance.id, ANA));
    expect(run.position).toBe('s2');
    await closeRun(run);
  });
});

describe('showRun', () => {
  it('attaches the loaded doc to sync, and on close detaches it, closes it and then releases the database', async () => {
    const { db, instance } = await aStartedRun();
    const instanceSync = fakeSync();
    const work = createDatabaseHolds();
    const shown = deferred<RunState>();
    const close = showRun({ db, instanceSync, work }, instance.id, ANA, shown.resolve);
    expect(work.size).toBe(1);
    const run = ready(await shown.promise);
    expect(instanceSync.attached).toEqual([[instance.id, run.session.model.doc, { readOnly: false }]]);

    run.tracker.save('s1', () => ({ kind: 'done', id: 's1', done: true }));
    await close();
    expect(instanceSync.detached).toEqual([instance.id]);
    expect(work.size).toBe(0);
    // The edit made just before closing was written before the database was let go.
    expect((await db.instances.get(instance.id))?.status).toBe('in_progress');
  });

  it('closed before the run opened: never shows it, never attaches it, and still releases the database', async () => {
    const { db, instance } = await aStartedRun();
    const instanceSync = fakeSync();
    const work = createDatabaseHolds();
    const show = vi.fn();
    const close = showRun({ db, instanceSync, work }, instance.id, ANA, show);
    await close();
    expect(show).not.toHaveBeenCalled();
    expect(instanceSync.attached).toEqual([]);
    expect(work.size).toBe(0);
  });

  it('shows a storage failure in words', async () => {
    const { db, instance } = await aStartedRun();
    const shown = deferred<RunState>();
    const broken = { db, fetchRun: undefined, instanceSync: undefined, work: undefined };
    vi.spyOn(db.instances, 'get').mockRejectedValueOnce(new DOMException('The quota was exceeded', 'QuotaExceededError'));
    const close = showRun(broken, instance.id, ANA, shown.resolve);
    const state = await shown.promise;
    expect(state).toEqual({ kind: 'error', message: 'This device is out of storage space, so your last change is not saved yet. Free some space and try again.' });
    await close();
  });
});
