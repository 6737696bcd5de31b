import { z } from 'zod';
import { kvGet, openFieldbookDB, storeFetchedRecords } from '../db';
import type { FieldbookDB } from '../db';
import { contentTypeSchema, documentIdSchema, SHARE_AUDIENCES, shareLinkIdSchema, timestampSchema, tokenHashSchema, versionIdSchema } from '../domain';
import type { ContentDocument, DocumentVersion, SessionId, ShareLinkId } from '../domain';
import { recipientLinkDbName, recipientRegistryName, redeemedKey, REDEEMED_PREFIX, tokenHashKey as hashKey } from '../protocol';
import type { Redemption } from './redeem';

/**
 * Recipient storage. One small registry database per anonymous session holds what was redeemed
 * (kv only: the grant, the link's public facts, and a token-hash index so reopening the same link
 * offline finds it); each redeemed link has a database of its own for the document, the
 * recipient's instances, activity and outbox. One database per link keeps one credential per
 * database: its flusher and its websocket provider send exactly that link's grant, and the
 * provider's background scan never opens another link's instance with the wrong grant.
 */

export const openRecipientRegistry = (sessionId: SessionId): FieldbookDB => openFieldbookDB(recipientRegistryName(sessionId));
export const openRecipientLinkDb = (sessionId: SessionId, linkId: ShareLinkId): FieldbookDB => openFieldbookDB(recipientLinkDbName(sessionId, linkId));

/** A link this device has redeemed, as kept in the registry (parsed on every read). */
export const redeemedLinkSchema = z.object({
  linkId: shareLinkIdSchema,
  documentId: documentIdSchema,
  versionId: versionIdSchema,
  title: z.string(),
  contentType: contentTypeSchema,
  audience: z.enum(SHARE_AUDIENCES),
  grant: z.string().min(1),
  tokenHash: tokenHashSchema,
  label: z.string().optional(),
  /** Who sent the link (absent for links redeemed before the relay named the creator). */
  creatorName: z.string().optional(),
  expiresAt: timestampSchema.optional(),
  redeemedAt: timestampSchema,
});
export type RedeemedLink = z.infer<typeof redeemedLinkSchema>;

/**
 * Keep the shared document and version where the recipient's (or member's) runs can read them,
 * merged as records from the relay are (`src/records`: the version insert-if-absent, the
 * document unless the stored copy is newer). Not through the outbox: these are the sender's
 * records, not the reader's writes.
 */
export async function storeSharedContent(db: FieldbookDB, document: ContentDocument, version: DocumentVersion): Promise<void> {
  await storeFetchedRecords(db, [
    { kind: 'document', id: document.id, value: document },
    { kind: 'version', id: version.id, value: version },
  ]);
}

/** Store a successful redemption: content in the link's database first, then the registry entry that points at it. */
export async function saveRedemption(
  registry: FieldbookDB,
  linkDb: FieldbookDB,
  redemption: Redemption,
  tokenHash: string,
  now: number,
): Promise<RedeemedLink> {
  const { document, version, shareLink, grant } = redemption;
  await storeSharedContent(linkDb, document, version);
  const link: RedeemedLink = {
    linkId: shareLink.id,
    documentId: document.id,
    versionId: version.id,
    title: document.title,
    contentType: document.contentType,
    audience: shareLink.audience,
    grant,
    tokenHash,
    redeemedAt: now,
  };
  if (shareLink.label !== undefined) link.label = shareLink.label;
  if (shareLink.creatorName !== undefined) link.creatorName = shareLink.creatorName;
  if (shareLink.expiresAt !== undefined) link.expiresAt = shareLink.expiresAt;
  await registry.transaction('rw', registry.kv, async () => {
    await registry.kv.put({ key: redeemedKey(link.linkId), value: link });
    await registry.kv.put({ key: hashKey(tokenHash), value: link.linkId });
  });
  return link;
}

export function getRedeemedLink(registry: FieldbookDB, linkId: string): Promise<RedeemedLink | undefined> {
  return kvGet(registry, redeemedKey(linkId), redeemedLinkSchema);
}

/** The link a token was redeemed as before, found by the token's hash (the raw token is never stored). */
export async function findRedeemedByHash(registry: FieldbookDB, tokenHash: string): Promise<RedeemedLink | undefined> {
  const linkId = await kvGet(registry, hashKey(tokenHash), z.string());
  return linkId === undefined ? undefined : getRedeemedLink(registry, linkId);
}

/** Every link opened on this device, most recently redeemed first (a primary-key range of kv). */
export async function listRedeemedLinks(registry: FieldbookDB): Promise<RedeemedLink[]> {
  const rows = await registry.kv.where('key').startsWith(REDEEMED_PREFIX).toArray();
  return rows
    .map((row) => redeemedLinkSchema.safeParse(row.value))
    .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
    .sort((a, b) => b.redeemedAt - a.redeemedAt);
}
