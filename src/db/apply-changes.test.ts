import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change, UserId } from '../domain';
import { applyChanges, getChangesCursor } from './apply-changes';
import { writeRecords } from './outbox';
import { T0, aDocument, aShareLink, aVersion, anEvent, anInstance, closeTestDbs, freshDb, uuid } from './test-support';

afterEach(closeTestDbs);

let seq = 0;
const change = <V extends { id: string }>(kind: Change['kind'], value: V): Change => ({ seq: (seq += 1), kind, id: value.id, value });
const member = uuid() as UserId;

describe('applyChanges', () => {
  it('stores every kind of record and the cursor together', async () => {
    const db = freshDb();
    const doc = aDocument();
    const version = aVersion(doc.id);
    const instance = anInstance({ userId: member });
    const event = anEvent();
    const link = aShareLink();
    const result = await applyChanges(
      db,
      [change('document', doc), change('version', version), change('instance', instance), change('activity', event), change('shareLink', link)],
      'c-5',
    );
    expect(result).toEqual({ applied: 5, rejected: 0 });
    expect(await db.documents.get(doc.id)).toEqual(doc);
    expect(await db.versions.get(version.id)).toEqual(version);
    expect(await db.instances.get(instance.id)).toEqual(instance);
    expect(await db.activity.get(event.id)).toEqual(event);
    expect(await db.shareLinks.get(link.id)).toEqual(link);
    expect(await getChangesCursor(db)).toBe('c-5');
    expect(await db.outbox.count()).toBe(0);
  });

  it('counts and skips values that fail their schema, without failing the page', async () => {
    const db = freshDb();
    const good = anEvent();
    const result = await applyChanges(
      db,
      [
        { seq: 1, kind: 'activity', id: uuid(), value: { nonsense: true } },
        { seq: 2, kind: 'instance', id: uuid(), value: null },
        { seq: 3, kind: 'document', id: uuid(), value: { ...aDocument(), contentType: 'poem' } },
        // userId and sessionId both set: not a valid instance.
        { seq: 4, kind: 'instance', id: 'x', value: { ...anInstance({ userId: member }), sessionId: uuid() } },
        // A valid record under another id than the change names.
        { seq: 5, kind: 'activity', id: uuid(), value: anEvent() },
        { seq: 6, kind: 'version', id: uuid(), value: { ...aVersion(uuid() as never), definition: { steps: [] } } },
        change('activity', good),
      ],
      'c-7',
    );
    expect(result).toEqual({ applied: 1, rejected: 6 });
    expect(await db.activity.count()).toBe(1);
    expect(await db.instances.count()).toBe(0);
    expect(await getChangesCursor(db)).toBe('c-7');
  });

  it('keeps the first copy of an activity event and of a version', async () => {
    const db = freshDb();
    const event = anEvent();
    const version = aVersion(aDocument().id);
    await applyChanges(db, [change('activity', event), change('version', version)], 'a');
    const result = await applyChanges(db, [change('activity', { ...event, title: 'changed' }), change('version', { ...version, version: 9 })], 'b');
    expect(result).toEqual({ applied: 2, rejected: 0 });
    expect(await db.activity.get(event.id)).toEqual(event);
    expect(await db.versions.get(version.id)).toEqual(version);
  });

  it('merges instances by the status lattice: an older relay copy never downgrades a local run', async () => {
    const db = freshDb();
    const local = anInstance({ userId: member, status: 'completed', startedAt: T0 + 1, completedAt: T0 + 9, lastActivityAt: T0 + 9, progress: 1 });
    await writeRecords(db, [{ kind: 'instance', value: local }]);
    const { completedAt: _c, ...stale } = local;
    await applyChanges(db, [change('instance', { ...stale, status: 'in_progress', lastActivityAt: T0 + 3, progress: 0.4 })], 'a');
    expect(await db.instances.get(local.id)).toEqual(local);
  });

  it('takes a newer relay status and keeps the earliest timestamps', async () => {
    const db = freshDb();
    const local = anInstance({ userId: member, status: 'in_progress', startedAt: T0 + 2, lastActivityAt: T0 + 2, progress: 0.5 });
    await db.instances.put(local);
    const remote = { ...local, status: 'submitted' as const, startedAt: T0 + 1, submittedAt: T0 + 8, lastActivityAt: T0 + 8, progress: 1 };
    await applyChanges(db, [change('instance', remote)], 'a');
    expect(await db.instances.get(local.id)).toEqual(remote);
  });

  it('pulls an abandon made on another device over a local in_progress run, and lets work completed elsewhere win over it', async () => {
    const db = freshDb();
    const local = anInstance({ userId: member, status: 'in_progress', startedAt: T0 + 1, lastActivityAt: T0 + 2 });
    await db.instances.put(local);
    const abandoned = { ...local, status: 'abandoned' as const, abandonedAt: T0 + 5, abandonReason: 'Wrong site', lastActivityAt: T0 + 5 };
    await applyChanges(db, [change('instance', abandoned)], 'a');
    expect(await db.instances.get(local.id)).toEqual(abandoned);
    // A stale in_progress copy does not reopen it.
    await applyChanges(db, [change('instance', { ...local, lastActivityAt: T0 + 6 })], 'b');
    expect(await db.instances.get(local.id)).toMatchObject({ status: 'abandoned', abandonReason: 'Wrong site' });
    await applyChanges(db, [change('instance', { ...local, status: 'completed', completedAt: T0 + 7, lastActivityAt: T0 + 7 })], 'c');
    expect(await db.instances.get(local.id)).toMatchObject({ status: 'completed', completedAt: T0 + 7, abandonReason: 'Wrong site' });
  });

  it('lets a pending local instance keep its own fields while still merging status', async () => {
    const db = freshDb();
    const local = anInstance({ userId: member, status: 'in_progress', title: 'Local title', lastActivityAt: T0 + 5 });
    await writeRecords(db, [{ kind: 'instance', value: local }]);
    await applyChanges(db, [change('instance', { ...local, title: 'Relay title', status: 'completed', lastActivityAt: T0 + 5 })], 'a');
    const row = await db.instances.get(local.id);
    expect(row?.title).toBe('Local title');
    expect(row?.status).toBe('completed');
  });

  it('replaces a document unless the local copy is newer', async () => {
    const db = freshDb();
    const doc = aDocument({ title: 'Local edit', updatedAt: T0 + 10 });
    await db.documents.put(doc);
    await applyChanges(db, [change('document', { ...doc, title: 'Older relay copy', updatedAt: T0 + 5 })], 'a');
    expect((await db.documents.get(doc.id))?.title).toBe('Local edit');
    await applyChanges(db, [change('document', { ...doc, title: 'Newer relay copy', updatedAt: T0 + 20 })], 'b');
    expect((await db.documents.get(doc.id))?.title).toBe('Newer relay copy');
  });

  it('lets the relay decide share-link use counts and revocation', async () => {
    const db = freshDb();
    const link = aShareLink({ useCount: 5, revokedAt: T0 + 3 });
    await db.shareLinks.put(link);
    const { revokedAt: _r, ...relay } = link;
    await applyChanges(db, [change('shareLink', { ...relay, useCount: 2 })], 'a');
    expect(await db.shareLinks.get(link.id)).toEqual({ ...relay, useCount: 2 });
  });

  it('keeps a local revocation that is still waiting in the outbox', async () => {
    const db = freshDb();
    const link = aShareLink();
    await writeRecords(db, [{ kind: 'shareLink', value: { ...link, revokedAt: T0 + 4 } }]);
    await applyChanges(db, [change('shareLink', { ...link, useCount: 3 })], 'a');
    expect(await db.shareLinks.get(link.id)).toEqual({ ...link, useCount: 3, revokedAt: T0 + 4 });
  });

  it('stores nothing, not even the cursor, when the transaction fails', async () => {
    const db = freshDb();
    await applyChanges(db, [], 'before');
    const doc = aDocument();
    await expect(
      db.transaction('rw', [db.documents, db.versions, db.instances, db.activity, db.shareLinks, db.outbox, db.kv], async () => {
        await applyChanges(db, [change('document', doc)], 'after');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await db.documents.count()).toBe(0);
    expect(await getChangesCursor(db)).toBe('before');
  });
});
