import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { kvSet } from '../db';
import { closeTestDbs, freshDb, T0, uuid } from '../db/test-support';
import { newDraft } from '../domain/authoring';
import { discardDraft, listDrafts, loadDraft, saveDraft } from './drafts';
import { formDraft } from './test-support';
import { draftKey } from '../protocol';

afterEach(closeTestDbs);

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

describe('listDrafts', () => {
  it('lists every draft on this device and skips one that no longer fits the schema', async () => {
    const db = freshDb();
    const a = formDraft(uuid(), ['Name']);
    const b = newDraft('procedure', uuid(), () => 's1', T0);
    await saveDraft(db, a);
    await saveDraft(db, b);
    await kvSet(db, draftKey(uuid()), { contentType: 'form' });
    await kvSet(db, 'share.token.x', 'not a draft');
    expect((await listDrafts(db)).map((d) => d.documentId).sort()).toEqual([a.documentId, b.documentId].sort());
  });
});
