import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ReadOnlyError, StorageError } from '../completion';
import { closeTestDbs, freshDb, uuid } from '../db/test-support';
import type { UserId } from '../domain';
import { abandonRun, finishRun } from './finish-run';
import { closeRun, openRun } from './open-run';
import type { OpenRunResult } from './open-run';
import { runErrorMessage } from './run-error';
import { startRun } from './start-run';
import { storedProcedure } from './test-support';

const opened: Extract<OpenRunResult, { kind: 'ready' }>[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((run) => closeRun(run)));
  await closeTestDbs();
});

const ANA = uuid() as UserId;

async function anOpenRun() {
  const db = freshDb();
  const { document, version } = await storedProcedure(db);
  const instance = await startRun(db, ANA, document, version);
  const run = await openRun({ db }, instance.id, ANA);
  if (run.kind !== 'ready') throw new Error('the run did not open');
  opened.push(run);
  return { db, run };
}

describe('finishRun', () => {
  it("stores the tracker's newest change first, then writes the finished row and its event", async () => {
    const { db, run } = await anOpenRun();
    let done = false;
    const make = () => ({ kind: 'done' as const, id: 's1', done });
    run.tracker.save('s1', make);
    // Changed again while the first write is in flight: the tracker still holds the newest value.
    done = true;
    run.tracker.save('s1', make);
    const result = await finishRun(run);
    expect(result).toMatchObject({ ok: true, instance: { status: 'completed' } });
    expect((await db.instances.get(run.instance.id))?.status).toBe('completed');
    expect((await db.activity.toArray()).map((e) => e.type).sort()).toEqual(['procedure_completed', 'procedure_started']);
    expect(run.session.model.isReadOnly).toBe(true);
  });

  it('writes nothing when the check stops it, and answers a refusal with what is missing', async () => {
    const { db, run } = await anOpenRun();
    expect(await finishRun(run, () => false)).toBeNull();
    expect(await finishRun(run)).toEqual({ ok: false, reason: 'required_missing', missing: ['s1'] });
    expect((await db.instances.get(run.instance.id))?.status).toBe('not_started');
  });
});

describe('abandonRun', () => {
  it('stores pending changes, then ends the run with its reason and one run_abandoned event', async () => {
    const { db, run } = await anOpenRun();
    run.tracker.save('bar', () => ({ kind: 'value', key: 's2.bar', value: 3 }));
    const result = await abandonRun(run, 'Started by mistake');
    expect(result).toMatchObject({ ok: true, instance: { status: 'abandoned', abandonReason: 'Started by mistake' } });
    expect(run.session.model.snapshot().values).toEqual({ 's2.bar': 3 });
    expect((await db.activity.toArray()).filter((e) => e.type === 'run_abandoned')).toHaveLength(1);
    expect(await abandonRun(run, 'again')).toEqual({ ok: false, reason: 'already_finished' });
  });
});

describe('runErrorMessage', () => {
  it("uses a storage or read-only error's own words, and storage's words for anything else", () => {
    const full = StorageError.from(new DOMException('full', 'QuotaExceededError'));
    expect(runErrorMessage(full)).toBe(full.message);
    expect(runErrorMessage(new ReadOnlyError())).toBe('This run is finished and can no longer be changed.');
    expect(runErrorMessage(new Error('boom'))).toBe(StorageError.from(new Error('boom')).message);
  });
});
