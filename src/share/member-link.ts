import { openFieldbookDB } from '../db';
import type { UserId } from '../domain';
import type { Redemption } from './redeem';
import { storeSharedContent } from './recipient-store';
import { databaseNameFor } from '../protocol';

/**
 * A member opened an internal link: keep the shared document and version in the member's own
 * database, so the member app can show it (and run it offline) at `/library/<documentId>`.
 */
export async function keepForMember(userId: UserId, redemption: Redemption): Promise<void> {
  const db = openFieldbookDB(databaseNameFor(userId));
  try {
    await storeSharedContent(db, redemption.document, redemption.version);
  } finally {
    db.close();
  }
}
