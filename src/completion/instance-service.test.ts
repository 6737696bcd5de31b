import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { activityIdFor } from '../domain';
import type { Instance } from '../domain';
import { documentFor, INSTANCE, instanceOf, OWNER, procedureVersion } from './fixtures';
import { ReadOnlyError } from './instance-doc';
import { abandon, applyEdit, closeInstance, finish, openInstance, startInstance } from './instance-service';
import type { CompletionWrite, RecordWriter } from './instance-service';
import { MemoryDocStore, memoryPersistence, StorageError } from './persistence';
import { doneSlot } from './register';

const DEVICE = 'tablet-1';

/** A RecordWriter that keeps each call, and what the doc store held at the time of the call. */
function recorder(store?: MemoryDocStore): RecordWriter & { calls: CompletionWrite[][]; storedAtCall: number[] } {
  const calls: CompletionWrite[][] = [];
  const storedAtCall: number[] = [];
  return {
    calls,
    storedAtCall,
    writeRecords(writes) {
      calls.push([...writes]);
      storedAtCall.push([...(store?.docs.values() ?? [])].reduce((n, list) => n + list.length, 0));
      return Promise.resolve();
    },
  };
}

async function open(store: MemoryDocStore, records: RecordWriter, instance: Instance = instanceOf(procedureVersion)) {
  let clock = 1_000;
  return openInstance({
    instance,
    version: procedureVersion,
    persistence: memoryPersistence(store, INSTANCE),
    records,
    device: DEVICE,
    now: () => (clock += 10),
  });
}

describe('instance service', () => {
  it('S1 R13 startInstance writes the instance and its started event in one call', async () => {
    const records = recorder();
    const instance = await startInstance({
      document: documentFor(procedureVersion),
      documentVersion: procedureVersion,
      owner: { userId: OWNER },
      now: 50,
      newId: () => INSTANCE,
      records,
    });
    expect(instance).toMatchObject({ id: INSTANCE, status: 'not_started', userId: OWNER, documentVersionId: procedureVersion.id, createdAt: 50 });
    expect(records.calls).toEqual([
      [
        { kind: 'instance', value: instance },
        { kind: 'activity', value: expect.objectContaining({ id: activityIdFor('procedure_started', INSTANCE), type: 'procedure_started', createdAt: 50 }) as unknown },
      ],
    ]);
  });

  it('R17 opening a run you may only read writes nothing: no Yjs update, no row, no outbox write', async () => {
    for (const instance of [instanceOf(procedureVersion, { status: 'completed', completedAt: 2_000 }), instanceOf(procedureVersion, { status: 'in_progress' })]) {
      const store = new MemoryDocStore();
      const records = recorder(store);
      let updates = 0;
      const session = await openInstance({
        instance,
        version: procedureVersion,
        persistence: memoryPersistence(store, INSTANCE),
        records,
        device: DEVICE,
        readOnly: instance.status === 'in_progress',
      });
      session.model.doc.on('update', () => updates++);
      expect(session.model.isReadOnly).toBe(true);
      expect(Y.encodeStateVector(session.model.doc)).toEqual(Y.encodeStateVector(new Y.Doc()));
      await expect(applyEdit(session, { kind: 'done', id: 's1', done: true })).rejects.toBeInstanceOf(ReadOnlyError);
      await closeInstance(session);
      expect(updates).toBe(0);
      expect([...store.docs.values()].flat()).toEqual([]);
      expect(records.calls).toEqual([]);
    }
  });

  it('S3 R11 applyEdit stores the doc change before writing the projected row, in one call', async () => {
    const store = new MemoryDocStore();
    const records = recorder(store);
    const session = await open(store, records);
    const row = await applyEdit(session, { kind: 'done', id: 's2', done: true });
    expect(row).toMatchObject({ status: 'in_progress', startedAt: row.lastActivityAt });
    expect(row.lastActivityAt).toBeGreaterThan(1_000);
    expect(row.progress).toBeCloseTo(1 / 3);
    expect(records.calls).toEqual([[{ kind: 'instance', value: row }]]);
    expect(records.storedAtCall[0]).toBeGreaterThan(0);
    expect(session.instance).toBe(row);
    await closeInstance(session);
  });

  it('S3 P3 a storage failure rejects the edit with a StorageError and writes no row', async () => {
    const store = new MemoryDocStore();
    const records = recorder(store);
    const session = await open(store, records);
    store.failWrites = new DOMException('full', 'QuotaExceededError');
    await expect(applyEdit(session, { kind: 'value', key: 's1.temp', value: 30 })).rejects.toBeInstanceOf(StorageError);
    expect(records.calls).toEqual([]);
    store.failWrites = null;
    await applyEdit(session, { kind: 'note', stepId: 's1', noteId: 'n1', text: 'ok' });
    expect(records.calls).toHaveLength(1);
    await closeInstance(session);
  });

  it('S4 R10 finish refuses while required steps are open, then completes and makes the run read-only', async () => {
    const store = new MemoryDocStore();
    const records = recorder(store);
    const session = await open(store, records);
    await applyEdit(session, { kind: 'done', id: 's1', done: true });
    await applyEdit(session, { kind: 'value', key: 's1.temp', value: 40 });
    expect(await finish(session)).toMatchObject({ ok: false, reason: 'required_missing', missing: ['s2'] });
    await applyEdit(session, { kind: 'done', id: 's2', done: true });
    const result = await finish(session);
    expect(result).toMatchObject({ ok: true, instance: { status: 'completed' } });
    expect(records.calls.at(-1)?.map((w) => w.kind)).toEqual(['instance', 'activity']);
    expect(session.model.isReadOnly).toBe(true);
    await expect(applyEdit(session, { kind: 'done', id: 's3', done: true })).rejects.toBeInstanceOf(ReadOnlyError);
    await closeInstance(session);
  });

  it('S6 R18 abandon writes the abandoned row and its event together, after the edits, and makes the run read-only', async () => {
    const store = new MemoryDocStore();
    const records = recorder(store);
    const session = await open(store, records);
    await applyEdit(session, { kind: 'done', id: 's1', done: true });
    expect(await abandon(session, '   ')).toEqual({ ok: false, reason: 'reason_missing' });
    const result = await abandon(session, 'Started by mistake');
    expect(result).toMatchObject({ ok: true, instance: { status: 'abandoned', abandonReason: 'Started by mistake' } });
    const last = records.calls.at(-1) ?? [];
    expect(last.map((w) => w.kind)).toEqual(['instance', 'activity']);
    expect(last[1]?.value).toMatchObject({ id: activityIdFor('run_abandoned', INSTANCE), type: 'run_abandoned', metadata: { reason: 'Started by mistake' } });
    expect(session.model.isReadOnly).toBe(true);
    await expect(applyEdit(session, { kind: 'done', id: 's2', done: true })).rejects.toBeInstanceOf(ReadOnlyError);
    expect(await finish(session)).toEqual({ ok: false, reason: 'already_finished' });
    await closeInstance(session);
  });

  it('S2 S5 a closed doc reopens from storage with its state, read-only when finished', async () => {
    const store = new MemoryDocStore();
    const records = recorder(store);
    const session = await open(store, records);
    await applyEdit(session, { kind: 'done', id: 's2', done: true });
    await applyEdit(session, { kind: 'note', stepId: 's2', noteId: 'n1', text: 'seal worn' });
    await closeInstance(session);
    expect(session.model.doc.isDestroyed).toBe(true);

    const finished = { ...session.instance, status: 'completed' as const, completedAt: 2_000 };
    const again = await open(store, records, finished);
    expect(again.model.snapshot().done).toEqual({ s2: true });
    expect(again.model.notes('s2').map((n) => n.text)).toEqual(['seal worn']);
    expect(again.model.read(doneSlot('s2'))).toBe(true);
    expect(again.model.isReadOnly).toBe(true);
    expect(again.model.meta()).toEqual({ instanceId: INSTANCE, documentVersionId: procedureVersion.id, contentType: 'procedure' });
    await closeInstance(again);
  });

  it('S3 edits of one session are written in the order they were made', async () => {
    const store = new MemoryDocStore();
    const records = recorder(store);
    const session = await open(store, records);
    await Promise.all([
      applyEdit(session, { kind: 'done', id: 's1', done: true }),
      applyEdit(session, { kind: 'done', id: 's2', done: true }),
      applyEdit(session, { kind: 'done', id: 's3', done: true }),
    ]);
    const times = records.calls.map((c) => (c[0]?.value as Instance).lastActivityAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect((records.calls.at(-1)?.[0]?.value as Instance).progress).toBe(1);
    await closeInstance(session);
  });

  it('S2 openInstance destroys the doc and rethrows when loading fails', async () => {
    const broken = {
      load: (doc: Y.Doc) => Promise.reject(new StorageError('unavailable', doc.guid)),
      flushed: () => Promise.resolve(),
      destroy: () => Promise.resolve(),
    };
    await expect(
      openInstance({ instance: instanceOf(procedureVersion), version: procedureVersion, persistence: broken, records: recorder(), device: DEVICE }),
    ).rejects.toMatchObject({ reason: 'unavailable' });
  });
});
