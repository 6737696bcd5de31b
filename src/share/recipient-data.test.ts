import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { DocumentId, SessionId, ShareLinkId, VersionId } from '../domain';
import { openRecipientData } from './recipient-data';
import type { RedeemedLink } from './recipient-store';

const link: RedeemedLink = {
  linkId: crypto.randomUUID() as ShareLinkId,
  documentId: crypto.randomUUID() as DocumentId,
  versionId: crypto.randomUUID() as VersionId,
  title: 'Pump check',
  contentType: 'checklist',
  audience: 'external',
  grant: 'grant-token',
  tokenHash: 'a'.repeat(64),
  redeemedAt: 1_760_000_000_000,
};

describe('recipient data', () => {
  it('closes its database only after a run that still writes its last edits has released it', async () => {
    const data = openRecipientData({ sessionId: crypto.randomUUID() as SessionId, link });
    await data.db.open();
    // The run on screen holds the database (use-run), then the layout's cleanup runs first.
    const release = data.work.hold();
    data.close();
    // Everything close() started itself (the provider manager's stop) has settled: only the
    // run's hold is left, and it keeps the database open.
    await expect.poll(() => data.work.size).toBe(1);
    expect(data.db.isOpen()).toBe(true);
    // The run's last write still lands.
    await data.db.kv.put({ key: 'last-edit', value: 1 });
    release();
    await expect.poll(() => data.db.isOpen()).toBe(false);
  });
});
