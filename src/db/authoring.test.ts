import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { draftFromVersion, newDraft, toDocumentFile } from '../domain/authoring';
import type { Draft } from '../domain/authoring';
import type { ContentDocument, DocumentId, UserId } from '../domain';
import { archiveDocument, discardDraft, draftKey, duplicateDocument, importDocument, loadDraft, publishVersion, saveDraft, setArchived } from './authoring';
import { kvSet } from './kv';
import { writeRecords } from './outbox';
import { getCurrentVersion, getVersion, listLibrary, listVersions } from './queries';
import { anInstance, closeTestDbs, freshDb, T0, uuid } from './test-support';

afterEach(closeTestDbs);

const ADMIN = uuid() as UserId;
const MEMBER = uuid() as UserId;

const formDraft = (documentId: string, labels: string[], title = 'Site visit'): Draft => ({
  documentId: documentId as DocumentId,
  contentType: 'form',
  title,
  description: '',
  savedAt: T0,
  definition: { fields: labels.map((label, i) => ({ id: `f${i}`, label, kind: 'text' as const, required: i === 0 })) },
});

async function publishOk(db: ReturnType<typeof freshDb>, draft: Draft, document: ContentDocument | undefined, now: number) {
  const result = await publishVersion(db, { document, draft, by: ADMIN, now, newId: uuid });
  if (!result.ok) throw new Error(`unexpected problems: ${JSON.stringify(result.problems)}`);
  return result;
}

describe('drafts on this device', () => {
  it('save, load and discard a draft under draft.<documentId>', async () => {
    const db = freshDb();
    const draft = newDraft('checklist', uuid(), () => 'x1', T0);
    await saveDraft(db, draft);
    expect((await db.kv.get(draftKey(draft.documentId)))?.key).toBe(`draft.${draft.documentId}`);
    expect(await loadDraft(db, draft.documentId)).toEqual(draft);
    await discardDraft(db, draft.documentId);
    expect(await loadDraft(db, draft.documentId)).toBeUndefined();
  });

  it('reads a stored draft that no longer fits the schema as absent', async () => {
    const db = freshDb();
    const id = uuid();
    await kvSet(db, draftKey(id), { documentId: id, contentType: 'form', definition: { fields: 'nope' } });
    expect(await loadDraft(db, id)).toBeUndefined();
  });
});

describe('publishVersion', () => {
  it('creates a new document and its version 1 in one write, queued version first, and drops the draft', async () => {
    const db = freshDb();
    const draft = formDraft(uuid(), ['Name']);
    await saveDraft(db, draft);
    const { document, version } = await publishOk(db, draft, undefined, T0 + 5);
    expect(document).toMatchObject({ id: draft.documentId, title: 'Site visit', contentType: 'form', currentVersionId: version.id, createdBy: ADMIN, createdAt: T0 + 5, updatedAt: T0 + 5 });
    expect(version).toMatchObject({ documentId: draft.documentId, version: 1, publishedBy: ADMIN, publishedAt: T0 + 5 });
    expect(await getCurrentVersion(db, document.id)).toEqual(version);
    const outbox = await db.outbox.toArray();
    expect(outbox.map((e) => [e.kind, e.recordId])).toEqual([
      ['version', version.id],
      ['document', document.id],
    ]);
    expect(await loadDraft(db, draft.documentId)).toBeUndefined();
  });

  it('writes nothing and keeps the draft when the draft has problems', async () => {
    const db = freshDb();
    const draft = formDraft(uuid(), ['']);
    await saveDraft(db, draft);
    const result = await publishVersion(db, { draft, by: ADMIN, now: T0, newId: uuid });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => `${p.where}: ${p.message}`)).toEqual(['Field 1: the label is empty']);
    expect(await db.documents.count()).toBe(0);
    expect(await db.versions.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await loadDraft(db, draft.documentId)).toEqual(draft);
  });

  it('republishing numbers the next version, moves the document to it and leaves the old version as it was', async () => {
    const db = freshDb();
    const id = uuid();
    const first = await publishOk(db, formDraft(id, ['Name']), undefined, T0);
    const draft = { ...draftFromVersion(first.document, first.version, T0 + 1), title: 'Site visit (v2)' };
    if (draft.contentType !== 'form') throw new Error('form expected');
    draft.definition.fields.push({ id: 'extra', label: 'Weather', kind: 'text', required: false });
    const second = await publishOk(db, draft, first.document, T0); // a clock behind the stored updatedAt
    expect(second.version.version).toBe(2);
    expect(second.document).toMatchObject({ currentVersionId: second.version.id, title: 'Site visit (v2)', createdAt: T0, updatedAt: T0 + 1 });
    expect(await getVersion(db, first.version.id)).toEqual(first.version);
    expect((await listVersions(db, id as DocumentId)).map((v) => v.version)).toEqual([2, 1]);
  });

  it('version pinning: an instance started on v1 still references v1 after v2 is published', async () => {
    const db = freshDb();
    const id = uuid();
    const v1 = await publishOk(db, formDraft(id, ['Name']), undefined, T0);
    const instance = anInstance({ userId: MEMBER, sourceDocumentId: v1.document.id, documentVersionId: v1.version.id, contentType: 'form', status: 'in_progress' });
    await writeRecords(db, [{ kind: 'instance', value: instance }]);

    const v2 = await publishOk(db, formDraft(id, ['Name', 'Weather']), v1.document, T0 + 10);

    const stored = await db.instances.get(instance.id);
    expect(stored?.documentVersionId).toBe(v1.version.id);
    const pinned = stored === undefined ? undefined : await getVersion(db, stored.documentVersionId);
    expect(pinned?.version).toBe(1);
    expect(pinned?.contentType === 'form' ? pinned.definition.fields.map((f) => f.label) : []).toEqual(['Name']);
    const current = await getCurrentVersion(db, id as DocumentId);
    expect(current?.id).toBe(v2.version.id);
    expect(current?.contentType === 'form' ? current.definition.fields.map((f) => f.label) : []).toEqual(['Name', 'Weather']);
  });

  it('refuses a draft of another content type than the document', async () => {
    const db = freshDb();
    const id = uuid();
    const { document } = await publishOk(db, formDraft(id, ['Name']), undefined, T0);
    const draft = newDraft('checklist', id, () => 'x', T0);
    await expect(publishVersion(db, { document, draft, by: ADMIN, now: T0, newId: uuid })).rejects.toThrow(/different document or content type/);
  });
});

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
