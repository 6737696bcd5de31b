import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { getCurrentVersion, getVersion, listVersions, writeRecords } from '../db';
import { anInstance, closeTestDbs, freshDb, T0, uuid } from '../db/test-support';
import { draftFromVersion, newDraft } from '../domain/authoring';
import type { DocumentId } from '../domain';
import type { Draft } from '../domain/authoring';
import { loadDraft, saveDraft } from './drafts';
import { publishVersion } from './publish';
import { ADMIN, formDraft, MEMBER, publishOk } from './test-support';

afterEach(closeTestDbs);

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

  it('refuses an invalid draft with every problem in words, each with its place', async () => {
    const db = freshDb();
    const draft: Draft = {
      ...formDraft(uuid(), [], '  '),
      contentType: 'form',
      definition: {
        fields: [
          { id: 'a', label: 'Gas', kind: 'select', required: true, options: [' '] },
          { id: 'a', label: 'Oxygen', kind: 'number', required: false, min: 5, max: 1 },
        ],
      },
    };
    const result = await publishVersion(db, { draft, by: ADMIN, now: T0, newId: uuid });
    expect(result.ok ? [] : result.problems.map((p) => `${p.where}: ${p.message}`)).toEqual([
      'Document: the title is empty',
      'Field 1 ‘Gas’: a select field needs at least one option',
      'Field 2 ‘Oxygen’: the minimum must not be more than the maximum',
      'Field 2 ‘Oxygen’: duplicate field id "a"',
    ]);
    expect(await db.outbox.count()).toBe(0);
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
