import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { T0, aDocument, aVersion, closeTestDbs, freshDb } from '../db/test-support';
import { storeSharedContent } from './recipient-store';

afterEach(closeTestDbs);

describe('storeSharedContent', () => {
  it('keeps the first copy of a version and a document unless the stored copy is newer, queueing nothing', async () => {
    const db = freshDb();
    const doc = aDocument({ title: 'Shared', updatedAt: T0 + 10 });
    const version = aVersion(doc.id);
    await storeSharedContent(db, doc, version);
    expect(await db.documents.get(doc.id)).toEqual(doc);
    expect(await db.versions.get(version.id)).toEqual(version);

    await storeSharedContent(db, { ...doc, title: 'Older copy', updatedAt: T0 + 5 }, { ...version, version: 9 });
    expect((await db.documents.get(doc.id))?.title).toBe('Shared');
    expect((await db.versions.get(version.id))?.version).toBe(1);

    await storeSharedContent(db, { ...doc, title: 'Newer copy', updatedAt: T0 + 20 }, version);
    expect((await db.documents.get(doc.id))?.title).toBe('Newer copy');
    expect(await db.outbox.count()).toBe(0);
  });
});
