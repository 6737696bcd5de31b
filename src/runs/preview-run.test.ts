import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Edit } from '../completion';
import { closeTestDbs, freshDb, uuid } from '../db/test-support';
import type { FieldbookDB } from '../db';
import type { ContentType, Definition, DocumentId, InstanceId, UserId } from '../domain';
import { previewDefinition } from '../domain/authoring';
import { closePreviewRun, forgetPreviewPosition, openPreviewRun } from './preview-run';
import type { PreviewRun } from './preview-run';
import { loadPosition, storePosition } from './run-position';

afterEach(closeTestDbs);

/** A draft of each type as the editor holds it mid-edit (one part still without a title or label). */
const DRAFTS: Record<ContentType, Definition> = {
  procedure: {
    steps: [
      { id: 's1', title: 'Isolate the pump', required: true },
      { id: 's2', title: '', required: false, fields: [{ id: 'bar', label: 'Pressure', kind: 'number', required: false }] },
    ],
  },
  checklist: {
    sections: [
      {
        id: 'cab',
        title: 'Cab',
        items: [
          { id: 'horn', label: 'Horn works', required: true },
          { id: 'mirrors', label: '', required: false },
        ],
      },
    ],
  },
  form: {
    fields: [
      { id: 'name', label: 'Site name', kind: 'text', required: true },
      { id: 'people', label: '', kind: 'number', required: false },
    ],
  },
};

/** What the author tries in the preview: one tick or answer per control, as the runners save them. */
const EDITS: Record<ContentType, readonly (readonly [string, Edit])[]> = {
  procedure: [
    ['done:s1', { kind: 'done', id: 's1', done: true }],
    ['value:s2.bar', { kind: 'value', key: 's2.bar', value: 4.5 }],
  ],
  checklist: [['done:horn', { kind: 'done', id: 'horn', done: true }]],
  form: [['value:name', { kind: 'value', key: 'name', value: 'North yard' }]],
};

const preview = (contentType: ContentType, definition: Definition = DRAFTS[contentType]): Promise<PreviewRun> =>
  openPreviewRun({
    instanceId: uuid() as InstanceId,
    documentId: uuid() as DocumentId,
    contentType,
    userId: uuid() as UserId,
    definition: previewDefinition(contentType, definition),
  });

/** Every row the device holds in the stores a run could touch, and every IndexedDB database (a Y.Doc would get one of its own). */
async function deviceContents(db: FieldbookDB): Promise<{ kv: number; instances: number; outbox: number; databases: string[] }> {
  const databases = (await indexedDB.databases()).map((d) => d.name ?? '').sort();
  return { kv: await db.kv.count(), instances: await db.instances.count(), outbox: await db.outbox.count(), databases };
}

describe('preview runs', () => {
  it('take edits on an in-memory doc without writing anything to the device', async () => {
    const db = freshDb();
    const instanceId = uuid() as InstanceId;
    const run = await openPreviewRun({ instanceId, documentId: uuid() as DocumentId, contentType: 'form', userId: uuid() as UserId, definition: DRAFTS.form });
    expect(run.instance).toMatchObject({ id: instanceId, title: 'Preview', status: 'not_started', contentType: 'form' });
    run.tracker.save('name', () => ({ kind: 'value', key: 'name', value: 'Ana' }));
    await run.tracker.idle();
    expect(run.session.model.snapshot().values).toEqual({ name: 'Ana' });
    await closePreviewRun(run);
    expect(await db.instances.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it.each(['procedure', 'checklist', 'form'] as const)(
    'edits in a %s preview are saved in memory with no failure, and write nothing to Dexie',
    async (contentType) => {
      const db = freshDb();
      await db.open();
      const before = await deviceContents(db);
      const run = await preview(contentType);
      // The runner shows the draft's definition, the one the session projects against.
      expect(run.version).toMatchObject({ contentType, definition: previewDefinition(contentType, DRAFTS[contentType]) });

      for (const [key, edit] of EDITS[contentType]) run.tracker.save(key, () => edit);
      await run.tracker.idle();

      const state = run.tracker.getState();
      expect(state.failure).toBeNull();
      expect(state.saving.size).toBe(0);
      expect(state.saved).toBe(true);
      // Projected like a field run: started, with progress over the draft's parts.
      expect(run.session.instance).toMatchObject({ status: 'in_progress', progress: 0.5 });
      await closePreviewRun(run);
      expect(await deviceContents(db)).toEqual(before);
      expect(before).toMatchObject({ kv: 0, instances: 0, outbox: 0 });
    },
  );

  it("follows the author's newer draft: answers stay, and later edits are projected against the new parts", async () => {
    const run = await preview('procedure');
    run.tracker.save('done:s1', () => ({ kind: 'done', id: 's1', done: true }));
    await run.tracker.idle();
    expect(run.session.instance.progress).toBe(0.5);

    // The author adds two steps to the draft while the preview is open.
    const longer: Definition = {
      steps: [
        { id: 's1', title: 'Isolate the pump', required: true },
        { id: 's2', title: '', required: false },
        { id: 's3', title: 'Restore', required: true },
        { id: 's4', title: '', required: false },
      ],
    };
    run.follow(previewDefinition('procedure', longer));
    expect(run.version.definition).toEqual(previewDefinition('procedure', longer));
    run.tracker.save('done:s3', () => ({ kind: 'done', id: 's3', done: true }));
    await run.tracker.idle();

    expect(run.tracker.getState()).toMatchObject({ failure: null, saved: true });
    expect(run.session.model.snapshot().done).toEqual({ s1: true, s3: true });
    expect(run.session.instance.progress).toBe(0.5);
    await closePreviewRun(run);
  });

  it("closing removes the runner's position key, the one trace a preview leaves", async () => {
    const db = freshDb();
    const instanceId = uuid() as InstanceId;
    await storePosition(db, instanceId, 'name');
    await forgetPreviewPosition(db, instanceId);
    expect(await loadPosition(db, instanceId)).toBeUndefined();
  });
});
