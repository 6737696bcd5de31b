import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openFieldbookDB } from '../db';
import { aDocument, aVersion, uuid } from '../db/test-support';
import type { ShareLinkId, UserId } from '../domain';
import { keepForMember } from './member-link';
import { databaseNameFor } from '../protocol';

describe('keepForMember', () => {
  it("stores an internal link's document and version in the member's own database", async () => {
    const userId = uuid() as UserId;
    const document = aDocument();
    const version = aVersion(document.id, { id: document.currentVersionId });
    await keepForMember(userId, { grant: 'g', document, version, shareLink: { id: uuid() as ShareLinkId, documentId: document.id, audience: 'internal', useCount: 1 } });
    const db = openFieldbookDB(databaseNameFor(userId));
    try {
      expect(await db.documents.get(document.id)).toEqual(document);
      expect(await db.versions.get(version.id)).toEqual(version);
    } finally {
      await db.delete();
    }
  });
});
