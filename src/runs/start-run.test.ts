import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { closeTestDbs, freshDb, uuid } from '../db/test-support';
import type { SessionId, ShareLinkId, UserId } from '../domain';
import { startLinkRun, startRun, startRunOf } from './start-run';
import { storedProcedure } from './test-support';

afterEach(closeTestDbs);

const ANA = uuid() as UserId;

describe('startRun', () => {
  it('two starts at once (a double tap) give one run and one procedure_started event', async () => {
    const db = freshDb();
    const { document, version } = await storedProcedure(db);
    const [a, b] = await Promise.all([startRun(db, ANA, document, version), startRun(db, ANA, document, version)]);
    expect(b).toBe(a);
    expect(await db.instances.toArray()).toEqual([a]);
    const events = await db.activity.toArray();
    expect(events.map((e) => [e.type, e.instanceId])).toEqual([['procedure_started', a.id]]);
    expect(a).toMatchObject({ sourceDocumentId: document.id, documentVersionId: version.id, userId: ANA, status: 'not_started' });
  });

  it('a start after the first one was written is a new run ("Run again")', async () => {
    const db = freshDb();
    const { document, version } = await storedProcedure(db);
    const first = await startRun(db, ANA, document, version);
    const again = await startRunOf(db, ANA, document.id);
    expect(again?.id).not.toBe(first.id);
    expect(await db.instances.count()).toBe(2);
    expect(await db.activity.count()).toBe(2);
  });

  it('"Run again" of a document not on this device starts nothing', async () => {
    const db = freshDb();
    const { document } = await storedProcedure(db);
    await db.documents.delete(document.id);
    expect(await startRunOf(db, ANA, document.id)).toBeUndefined();
    expect(await db.instances.count()).toBe(0);
  });

  it('writes the run and its event to the outbox in one go', async () => {
    const db = freshDb();
    const { document, version } = await storedProcedure(db);
    const run = await startRun(db, ANA, document, version);
    expect((await db.outbox.toArray()).map((e) => [e.kind, e.recordId])).toEqual(
      expect.arrayContaining([
        ['instance', run.id],
        ['activity', expect.any(String)],
      ]),
    );
  });
});

describe('startLinkRun', () => {
  it("starts a recipient's run of the link's version, owned by its session and tagged with the link", async () => {
    const db = freshDb();
    const { document, version } = await storedProcedure(db);
    const sessionId = uuid() as SessionId;
    const linkId = uuid() as ShareLinkId;
    const link = { linkId, documentId: document.id, versionId: version.id };
    const [a, b] = await Promise.all([startLinkRun(db, sessionId, link), startLinkRun(db, sessionId, link)]);
    expect(b).toBe(a);
    expect(a).toMatchObject({ sessionId, shareLinkId: linkId, documentVersionId: version.id });
    expect(await db.instances.count()).toBe(1);
  });

  it('starts nothing when the shared version is not on this device', async () => {
    const db = freshDb();
    const { document } = await storedProcedure(db);
    const link = { linkId: uuid() as ShareLinkId, documentId: document.id, versionId: document.currentVersionId };
    await db.versions.clear();
    expect(await startLinkRun(db, uuid() as SessionId, link)).toBeUndefined();
  });
});
