import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { getVersion, listLibrary, writeRecords } from '../db';
import { anInstance, closeTestDbs, freshDb, T0, uuid } from '../db/test-support';
import { toDocumentFile } from '../domain/authoring';
import type { ContentDocument, DocumentId } from '../domain';
import { archiveDocument, setArchived } from './archive';
import { duplicateDocument, importDocument } from './new-document';
import { ADMIN, formDraft, MEMBER, publishOk } from './test-support';

afterEach(closeTestDbs);

describe('import, duplicate, archive', () => {
  it('imports a file as a new document with version 1', async () => {
    const db = freshDb();
    const source = await publishOk(db, formDraft(uuid(), ['Name']), undefined, T0);
    const file = toDocumentFile(source.document, source.version);
    const imported = await importDocument(db, { file, by: ADMIN, now: T0 + 1, newId: uuid });
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    expect(imported.document.id).not.toBe(source.document.id);
    expect(imported.version).toMatchObject({ version: 1, definition: source.version.definition });
  });

  it('duplicates a document at its current version as a new document', async () => {
    const db = freshDb();
    const source = await publishOk(db, formDraft(uuid(), ['Name']), undefined, T0);
    const copy = await duplicateDocument(db, { documentId: source.document.id, by: ADMIN, now: T0 + 1, newId: uuid });
    expect(copy?.ok).toBe(true);
    if (copy?.ok !== true) return;
    expect(copy.document).toMatchObject({ title: 'Copy of Site visit', contentType: 'form' });
    expect(copy.version).toMatchObject({ version: 1, documentId: copy.document.id, definition: source.version.definition });
    expect((await listLibrary(db)).map((d) => d.title)).toEqual(['Copy of Site visit', 'Site visit']);
    expect(await duplicateDocument(db, { documentId: uuid() as DocumentId, by: ADMIN, now: T0, newId: uuid })).toBeUndefined();
  });

  it('archiving hides a document from the library but keeps it, its versions and its instances', async () => {
    const db = freshDb();
    const { document, version } = await publishOk(db, formDraft(uuid(), ['Name']), undefined, T0);
    const instance = anInstance({ userId: MEMBER, sourceDocumentId: document.id, documentVersionId: version.id, contentType: 'form' });
    await writeRecords(db, [{ kind: 'instance', value: instance }]);
    const archived = await archiveDocument(db, document.id, T0 + 50);
    expect(archived).toMatchObject({ archivedAt: T0 + 50, updatedAt: T0 + 50 });
    expect(await listLibrary(db)).toEqual([]);
    expect((await listLibrary(db, { includeArchived: true })).map((d) => d.id)).toEqual([document.id]);
    expect(await getVersion(db, version.id)).toEqual(version);
    expect(await db.instances.get(instance.id)).toBeDefined();
    const queued = await db.outbox.where('[kind+recordId]').equals(['document', document.id]).toArray();
    expect(queued.at(-1)?.value).toMatchObject({ archivedAt: T0 + 50 });

    const restored = await setArchived(db, { documentId: document.id, archived: false, now: T0 + 60 });
    expect(restored?.archivedAt).toBeUndefined();
    expect((await listLibrary(db)).map((d) => d.id)).toEqual([document.id]);
  });

  it('republishing an archived document keeps it archived', async () => {
    const db = freshDb();
    const id = uuid();
    const first = await publishOk(db, formDraft(id, ['Name']), undefined, T0);
    const archived = (await archiveDocument(db, first.document.id, T0 + 1)) as ContentDocument;
    const second = await publishOk(db, formDraft(id, ['Name', 'More']), archived, T0 + 2);
    expect(second.document.archivedAt).toBe(T0 + 1);
    expect((second.version).version).toBe(2);
  });
});
