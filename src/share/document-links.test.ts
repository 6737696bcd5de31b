import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { markFailed, markSent, pendingOutbox, writeRecords } from '../db';
import { T0, aDocument, aShareLink, closeTestDbs, freshDb, uuid } from '../db/test-support';
import type { UserId } from '../domain';
import { loadDocumentLinks } from './document-links';
import { createShareLink } from './share-links';

afterEach(closeTestDbs);

const owner = uuid() as UserId;
const ORIGIN = 'https://fieldbook.example';

async function aStoredDocument(db: ReturnType<typeof freshDb>) {
  const document = aDocument();
  await db.documents.put(document);
  return document;
}

describe('loadDocumentLinks (the share screen join of links, tokens and outbox)', () => {
  it('lists a link whose creation is still in the outbox as pending, with the token made here', async () => {
    const db = freshDb();
    const document = await aStoredDocument(db);
    const { link, token } = await createShareLink(db, { document, audience: 'external', createdBy: owner, now: T0, origin: ORIGIN });
    const loaded = await loadDocumentLinks(db, document.id);
    expect(loaded).toEqual({ document, links: [{ link, token, pending: true, failure: undefined }] });

    const [entry] = await pendingOutbox(db, 10);
    await markSent(db, entry?.seq ?? -1);
    expect((await loadDocumentLinks(db, document.id))?.links).toEqual([{ link, token, pending: false, failure: undefined }]);
  });

  it("shows the relay's refusal beside its link, and no token for a link made on another device", async () => {
    const db = freshDb();
    const document = await aStoredDocument(db);
    const mine = await createShareLink(db, { document, audience: 'internal', createdBy: owner, now: T0 + 1, origin: ORIGIN });
    const refusal = { status: 403, code: 'forbidden', message: 'Only admins share outside the workspace' };
    const [entry] = await pendingOutbox(db, 10);
    await markFailed(db, entry?.seq ?? -1, refusal);
    // Arrived from the feed: no outbox entry, no token on this device.
    const elsewhere = aShareLink({ documentId: document.id, createdAt: T0 + 2 });
    await db.shareLinks.put(elsewhere);

    const loaded = await loadDocumentLinks(db, document.id);
    expect(loaded?.links).toEqual([
      { link: elsewhere, token: undefined, pending: false, failure: undefined },
      { link: mine.link, token: mine.token, pending: false, failure: refusal },
    ]);
  });

  it("lists only the document's own links, newest first", async () => {
    const db = freshDb();
    const document = await aStoredDocument(db);
    const other = await aStoredDocument(db);
    const older = aShareLink({ documentId: document.id, createdAt: T0 });
    const newer = aShareLink({ documentId: document.id, createdAt: T0 + 5 });
    await writeRecords(db, [
      { kind: 'shareLink', value: older },
      { kind: 'shareLink', value: newer },
      { kind: 'shareLink', value: aShareLink({ documentId: other.id }) },
    ]);
    expect((await loadDocumentLinks(db, document.id))?.links.map((l) => l.link.id)).toEqual([newer.id, older.id]);
  });

  it('is null for an address that is not a document on this device', async () => {
    const db = freshDb();
    expect(await loadDocumentLinks(db, 'not-an-id')).toBeNull();
    expect(await loadDocumentLinks(db, uuid())).toBeNull();
  });
});
