import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DBCore, Middleware } from 'dexie';
import type { InstanceStatus, SessionId, UserId } from '../domain';
import { FieldbookDB } from './database';
import {
  InvalidRecordError,
  discardFailed,
  failedOutbox,
  markFailed,
  markSent,
  outboxCounts,
  pendingOutbox,
  retryFailed,
  writeRecords,
} from './outbox';
import { T0, aDocument, aShareLink, aVersion, anEvent, anInstance, closeTestDbs, freshDb, uuid } from './test-support';

afterEach(closeTestDbs);

const member = uuid() as UserId;

/** Makes every write to the outbox store fail, as a full disk or a crash mid-transaction would. */
const failingOutbox: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'failing-outbox',
  create: (down) => ({
    ...down,
    table: (name) => {
      const table = down.table(name);
      return name === 'outbox' ? { ...table, mutate: () => Promise.reject(new Error('QuotaExceededError')) } : table;
    },
  }),
};

describe('schema', () => {
  it('declares the compound indexes the screens query', () => {
    const db = freshDb();
    const indexes = (table: string) => db.table(table).schema.indexes.map((i) => i.name).sort();
    expect(indexes('instances')).toEqual(
      ['[sessionId+lastActivityAt]', '[sourceDocumentId+createdAt]', '[userId+lastActivityAt]', '[userId+status+lastActivityAt]', 'sessionId'].sort(),
    );
    expect(indexes('activity')).toEqual(['[documentId+createdAt]', '[type+createdAt]', '[userId+createdAt]', 'createdAt', 'instanceId'].sort());
    expect(indexes('shareLinks')).toEqual(['[createdBy+createdAt]', '[documentId+createdAt]'].sort());
    expect(db.outbox.schema.primKey.auto).toBe(true);
    expect(db.verno).toBe(2);
  });

  it('stores a session-owned instance even though it has no key in the [userId+…] indexes', async () => {
    const db = freshDb();
    const row = anInstance({ sessionId: uuid() as SessionId });
    await writeRecords(db, [{ kind: 'instance', value: row }]);
    expect(await db.instances.get(row.id)).toEqual(row);
    expect(await db.instances.orderBy('[userId+lastActivityAt]').count()).toBe(0);
    expect(await db.instances.orderBy('[userId+status+lastActivityAt]').count()).toBe(0);
    expect(await db.instances.where('sessionId').equals(row.sessionId ?? '').count()).toBe(1);
  });
});

describe('writeRecords', () => {
  it('commits each record together with one pending outbox entry', async () => {
    const db = freshDb();
    const doc = aDocument();
    const version = aVersion(doc.id);
    const instance = anInstance({ userId: member });
    await writeRecords(db, [
      { kind: 'document', value: doc },
      { kind: 'version', value: version },
      { kind: 'instance', value: instance },
    ], T0 + 5);
    expect(await db.documents.get(doc.id)).toEqual(doc);
    expect(await db.versions.get(version.id)).toEqual(version);
    const entries = await pendingOutbox(db, 10);
    expect(entries.map((e) => [e.kind, e.recordId, e.state, e.attempts, e.createdAt])).toEqual([
      ['document', doc.id, 'pending', 0, T0 + 5],
      ['version', version.id, 'pending', 0, T0 + 5],
      ['instance', instance.id, 'pending', 0, T0 + 5],
    ]);
    expect(entries[2]?.value).toEqual(instance);
  });

  it('leaves neither the record nor the outbox entry when the outbox write fails', async () => {
    const db = new FieldbookDB(`fieldbook-test-${uuid()}`);
    db.use(failingOutbox);
    const doc = aDocument();
    await expect(writeRecords(db, [{ kind: 'document', value: doc }])).rejects.toThrow('QuotaExceededError');
    expect(await db.documents.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    await db.delete();
  });

  it('rolls back with the enclosing transaction when it aborts', async () => {
    const db = freshDb();
    const doc = aDocument();
    await expect(
      db.transaction('rw', [db.documents, db.versions, db.instances, db.activity, db.shareLinks, db.outbox], async () => {
        await writeRecords(db, [{ kind: 'document', value: doc }]);
        expect(await db.outbox.count()).toBe(1);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await db.documents.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('rejects an invalid record before writing anything', async () => {
    const db = freshDb();
    const good = aDocument();
    const bad = { ...aDocument(), title: '' };
    await expect(writeRecords(db, [{ kind: 'document', value: good }, { kind: 'document', value: bad }])).rejects.toBeInstanceOf(InvalidRecordError);
    expect(await db.documents.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('records an activity event once: a known id writes nothing and queues nothing', async () => {
    const db = freshDb();
    const event = anEvent();
    await writeRecords(db, [{ kind: 'activity', value: event }]);
    await writeRecords(db, [{ kind: 'activity', value: { ...event, title: 'Other title', createdAt: T0 + 99 } }]);
    expect(await db.activity.get(event.id)).toEqual(event);
    expect(await db.outbox.count()).toBe(1);
  });

  it('keeps a published version immutable', async () => {
    const db = freshDb();
    const version = aVersion(aDocument().id);
    await writeRecords(db, [{ kind: 'version', value: version }]);
    await writeRecords(db, [{ kind: 'version', value: { ...version, version: 7 } }]);
    expect((await db.versions.get(version.id))?.version).toBe(1);
    expect(await db.outbox.count()).toBe(1);
  });

  it.each<[InstanceStatus, InstanceStatus]>([
    ['completed', 'in_progress'],
    ['submitted', 'not_started'],
    ['in_progress', 'not_started'],
  ])('never moves an instance down from %s to %s, and queues the merged row', async (stored, incoming) => {
    const db = freshDb();
    const first = anInstance({ userId: member, status: stored, startedAt: T0 + 1, lastActivityAt: T0 + 10 });
    await writeRecords(db, [{ kind: 'instance', value: first }]);
    await writeRecords(db, [{ kind: 'instance', value: { ...first, status: incoming, title: 'Renamed', lastActivityAt: T0 + 5 } }]);
    const row = await db.instances.get(first.id);
    expect(row?.status).toBe(stored);
    expect(row?.title).toBe('Renamed');
    expect(row?.lastActivityAt).toBe(T0 + 10);
    const entries = await pendingOutbox(db, 10);
    expect(entries).toHaveLength(2);
    expect(entries[1]?.value).toEqual(row);
  });

  it('never lowers a share link use count and keeps a revocation', async () => {
    const db = freshDb();
    const link = aShareLink({ useCount: 3, revokedAt: T0 + 1 });
    await writeRecords(db, [{ kind: 'shareLink', value: link }]);
    const { revokedAt: _r, ...unrevoked } = link;
    await writeRecords(db, [{ kind: 'shareLink', value: { ...unrevoked, useCount: 0, label: 'crew' } }]);
    expect(await db.shareLinks.get(link.id)).toEqual({ ...link, label: 'crew' });
  });
});

describe('outbox states', () => {
  async function queueThree(db: FieldbookDB) {
    await writeRecords(db, [0, 1, 2].map(() => ({ kind: 'document' as const, value: aDocument() })));
    return (await pendingOutbox(db, 10)).map((e) => e.seq ?? -1);
  }

  it('hands out pending entries oldest first, up to the limit', async () => {
    const db = freshDb();
    const seqs = await queueThree(db);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect((await pendingOutbox(db, 2)).map((e) => e.seq)).toEqual(seqs.slice(0, 2));
  });

  it('deletes an entry once sent', async () => {
    const db = freshDb();
    const [a] = await queueThree(db);
    await markSent(db, a ?? -1);
    expect(await outboxCounts(db)).toEqual({ pending: 2, failed: 0 });
  });

  it('keeps a rejected entry as failed with its reason, and can retry or discard it', async () => {
    const db = freshDb();
    const [a, b] = await queueThree(db);
    const error = { status: 403, code: 'forbidden', message: 'not your document' };
    await markFailed(db, a ?? -1, error);
    await markFailed(db, b ?? -1, error);
    expect(await outboxCounts(db)).toEqual({ pending: 1, failed: 2 });
    const failed = await failedOutbox(db, 10);
    expect(failed.map((e) => [e.seq, e.attempts, e.lastError])).toEqual([
      [a, 1, error],
      [b, 1, error],
    ]);

    await retryFailed(db, a ?? -1);
    const retried = await db.outbox.get(a ?? -1);
    expect(retried?.state).toBe('pending');
    expect(retried?.lastError).toBeUndefined();
    expect((await pendingOutbox(db, 1))[0]?.seq).toBe(a);

    await discardFailed(db, b ?? -1);
    expect(await outboxCounts(db)).toEqual({ pending: 2, failed: 0 });
  });

  it('does not discard a pending entry', async () => {
    const db = freshDb();
    const [a] = await queueThree(db);
    await discardFailed(db, a ?? -1);
    expect(await outboxCounts(db)).toEqual({ pending: 3, failed: 0 });
  });
});
