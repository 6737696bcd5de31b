import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { closeTestDbs, freshDb, uuid } from '../db/test-support';
import type { DocumentId, InstanceId, UserId } from '../domain';
import { closePreviewRun, forgetPreviewPosition, openPreviewRun } from './preview-run';
import { loadPosition, storePosition } from './run-position';

afterEach(closeTestDbs);

describe('preview runs', () => {
  it('take edits on an in-memory doc without writing anything to the device', async () => {
    const db = freshDb();
    const instanceId = uuid() as InstanceId;
    const run = await openPreviewRun({ instanceId, documentId: uuid() as DocumentId, contentType: 'form', userId: uuid() as UserId });
    expect(run.instance).toMatchObject({ id: instanceId, title: 'Preview', status: 'not_started', contentType: 'form' });
    run.tracker.save('name', () => ({ kind: 'value', key: 'name', value: 'Ana' }));
    await run.tracker.idle();
    expect(run.session.model.snapshot().values).toEqual({ name: 'Ana' });
    await closePreviewRun(run);
    expect(await db.instances.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it("closing removes the runner's position key, the one trace a preview leaves", async () => {
    const db = freshDb();
    const instanceId = uuid() as InstanceId;
    await storePosition(db, instanceId, 'name');
    await forgetPreviewPosition(db, instanceId);
    expect(await loadPosition(db, instanceId)).toBeUndefined();
  });
});
