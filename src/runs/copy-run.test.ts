import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { applyEdit, closeInstance, indexeddbPersistence, openInstance } from '../completion';
import { closeTestDbs, freshDb, uuid } from '../db/test-support';
import type { UserId } from '../domain';
import { copyIntoNewRun } from './copy-run';
import { closeRun, openRun } from './open-run';
import type { OpenRunResult } from './open-run';
import { recordWriter } from './record-writer';
import { startRun } from './start-run';
import { storedProcedure } from './test-support';

afterEach(closeTestDbs);

const ANA = uuid() as UserId;

function ready(result: OpenRunResult): Extract<OpenRunResult, { kind: 'ready' }> {
  if (result.kind !== 'ready') throw new Error(`expected an open run, got ${result.reason}`);
  return result;
}

describe('copyIntoNewRun', () => {
  it("carries every answer and this device's notes into a new run of the same version, leaving the source as it was", async () => {
    const db = freshDb();
    const { document, version } = await storedProcedure(db);
    const source = await startRun(db, ANA, document, version);
    const mine = ready(await openRun({ db }, source.id, ANA));
    await applyEdit(mine.session, { kind: 'done', id: 's1', done: true });
    await applyEdit(mine.session, { kind: 'value', key: 's2.bar', value: 7 });
    await applyEdit(mine.session, { kind: 'note', stepId: 's1', noteId: 'n1', text: 'valve stiff' });
    await closeRun(mine);
    // Another tablet's note reached this device: it stays theirs, in the source run only.
    const theirs = await openInstance({ instance: source, version, persistence: indexeddbPersistence(source.id), records: recordWriter(db), device: 'othertablet' });
    await applyEdit(theirs, { kind: 'note', stepId: 's1', noteId: 'n2', text: 'seen by Bo' });
    await closeInstance(theirs);
    const sourceRow = await db.instances.get(source.id);
    if (sourceRow === undefined) throw new Error('source row missing');

    const copy = await copyIntoNewRun(db, ANA, sourceRow);
    expect(copy?.id).not.toBe(source.id);
    expect(copy).toMatchObject({ sourceDocumentId: document.id, documentVersionId: version.id, userId: ANA, status: 'in_progress' });

    const opened = ready(await openRun({ db }, copy?.id ?? '', ANA));
    expect(opened.session.model.snapshot()).toMatchObject({ done: { s1: true }, values: { 's2.bar': 7 } });
    expect(opened.session.model.notes('s1').map((n) => n.text)).toEqual(['valve stiff']);
    await closeRun(opened);
    expect(await db.instances.get(source.id)).toEqual(sourceRow);
  });

  it('copies nothing when the document is not on this device', async () => {
    const db = freshDb();
    const { document, version } = await storedProcedure(db);
    const source = await startRun(db, ANA, document, version);
    await db.documents.delete(document.id);
    expect(await copyIntoNewRun(db, ANA, source)).toBeUndefined();
    expect(await db.instances.count()).toBe(1);
  });
});
