import { Dexie } from 'dexie';
import { z } from 'zod';
import { kvGet, kvSet, writeRecords } from '../db';
import type { FieldbookDB, OutboxError } from '../db';
import { shareLinkState } from '../domain';
import type { ContentDocument, DocumentId, ShareAudience, ShareLink, ShareLinkId, ShareLinkState, UserId } from '../domain';
import { shareTokenKey } from '../protocol';
import { formatShareLink } from './link';
import { createShareToken, hashShareToken, shareTokenSchema } from './token';
import type { ShareToken } from './token';

/**
 * kv key of a link's raw token. kv never replicates, so the token stays on the device that
 * made the link (DESIGN §2): the record and its outbox entry carry only `tokenHash`.
 */

/** The scope `writeRecords` opens its transaction on (every record table and the outbox). */
const WRITE_TABLES = ['documents', 'versions', 'instances', 'activity', 'shareLinks', 'outbox'] as const;

export interface CreateShareLinkInput {
  readonly document: Pick<ContentDocument, 'id'>;
  readonly audience: ShareAudience;
  readonly expiresAt?: number | undefined;
  readonly maxUses?: number | undefined;
  readonly label?: string | undefined;
  readonly createdBy: UserId;
  readonly now: number;
  /** `location.origin` in the app; the link is `<origin>/s#<token>`. */
  readonly origin: string;
  /** Test seams. */
  readonly newId?: () => string;
  readonly newToken?: () => ShareToken;
}

export interface CreatedShareLink {
  readonly link: ShareLink;
  readonly token: ShareToken;
  readonly url: string;
}

/**
 * Make a link: a fresh token (CSPRNG, base64url), its SHA-256 hash in a ShareLink record
 * written through `writeRecords` (so the outbox flusher PUTs it to `/api/share-links/:id`,
 * now or when the network returns), and the raw token kept in this device's kv.
 */
export async function createShareLink(db: FieldbookDB, input: CreateShareLinkInput): Promise<CreatedShareLink> {
  const token = (input.newToken ?? createShareToken)();
  const tokenHash = await hashShareToken(token);
  const label = input.label?.trim();
  const link: ShareLink = {
    id: (input.newId ?? (() => crypto.randomUUID()))() as ShareLinkId,
    documentId: input.document.id,
    audience: input.audience,
    tokenHash,
    createdBy: input.createdBy,
    createdAt: input.now,
    useCount: 0,
    // Relay-owned; nothing can be submitted through a link the relay has not seen yet.
    submissionCount: 0,
  };
  if (label !== undefined && label !== '') link.label = label;
  if (input.expiresAt !== undefined) link.expiresAt = input.expiresAt;
  if (input.maxUses !== undefined) link.maxUses = input.maxUses;
  // One transaction: a link whose record exists is always copyable on this device.
  await db.transaction('rw', [...WRITE_TABLES, 'kv'], async () => {
    await kvSet(db, shareTokenKey(link.id), token);
    await writeRecords(db, [{ kind: 'shareLink', value: link }], input.now);
  });
  return { link, token, url: formatShareLink(input.origin, token) };
}

/** The raw token of a link made on this device; undefined for links made elsewhere. */
export async function getShareToken(db: FieldbookDB, linkId: string): Promise<ShareToken | undefined> {
  const token = await kvGet(db, shareTokenKey(linkId), shareTokenSchema);
  return token as ShareToken | undefined;
}

/** Port for the online revocation call (`POST /api/share-links/:id/revoke`). */
export type RevokeRequest = (linkId: ShareLinkId) => Promise<void>;

export interface RevokeResult {
  readonly link: ShareLink;
  /** The relay confirmed the revocation now; false means the outbox PUT (carrying `revokedAt`) will. */
  readonly confirmed: boolean;
}

/**
 * Turn a link off. The revocation is written locally first (record + outbox, so it survives
 * a reload and reaches the relay as a PUT carrying `revokedAt` when offline). When online and
 * the relay already knows the link, `POST /revoke` makes it take effect at once; a link still
 * waiting in the outbox has nothing to revoke on the relay yet, its PUT carries `revokedAt`.
 */
export async function revokeShareLink(db: FieldbookDB, link: ShareLink, now: number, post?: RevokeRequest): Promise<RevokeResult> {
  const revoked: ShareLink = { ...link, revokedAt: link.revokedAt ?? now };
  const waiting = (await shareLinkOutbox(db)).pending.has(link.id);
  await writeRecords(db, [{ kind: 'shareLink', value: revoked }], now);
  if (post === undefined || waiting) return { link: revoked, confirmed: false };
  try {
    await post(link.id);
    return { link: revoked, confirmed: true };
  } catch {
    // Offline or refused: the outbox entry stays and carries the revocation.
    return { link: revoked, confirmed: false };
  }
}

/** Most links one document lists; a document is shared a handful of times, not thousands. */
export const SHARE_LINK_LIST_LIMIT = 200;

/** A document's links, newest first, via `[documentId+createdAt]`. */
export async function listShareLinks(db: FieldbookDB, documentId: DocumentId, limit = SHARE_LINK_LIST_LIMIT): Promise<ShareLink[]> {
  return db.shareLinks.where('[documentId+createdAt]').between([documentId, Dexie.minKey], [documentId, Dexie.maxKey]).reverse().limit(limit).toArray();
}

export interface ShareLinkOutbox {
  /** Links with an outbox entry the relay has not stored yet. */
  readonly pending: ReadonlySet<string>;
  /** Links whose write the relay refused, with its reason (shown, never dropped). */
  readonly failed: ReadonlyMap<string, OutboxError>;
}

/** Outbox state of every share link, read from `[kind+recordId]`. */
export async function shareLinkOutbox(db: FieldbookDB): Promise<ShareLinkOutbox> {
  const entries = await db.outbox.where('[kind+recordId]').between(['shareLink', Dexie.minKey], ['shareLink', Dexie.maxKey]).toArray();
  const pending = new Set<string>();
  const failed = new Map<string, OutboxError>();
  for (const entry of entries) {
    if (entry.state === 'pending') pending.add(entry.recordId);
    else if (entry.lastError !== undefined) failed.set(entry.recordId, entry.lastError);
  }
  return { pending, failed };
}

export type ShareLinkDisplayState = ShareLinkState | 'waiting';

/**
 * What the owner sees: the domain state, except that an otherwise active link the relay has not
 * received yet (made offline, still in the outbox) is "waiting to activate": it cannot be
 * redeemed until it arrives.
 */
export function shareLinkDisplayState(link: ShareLink, now: number, pendingOnRelay: boolean): ShareLinkDisplayState {
  const state = shareLinkState(link, now);
  return state === 'active' && pendingOnRelay ? 'waiting' : state;
}

/** Expiry presets of the share form; `null` means no expiry. */
export const EXPIRY_PRESETS = [
  { id: '1d', label: '1 day', ms: 24 * 60 * 60 * 1000 },
  { id: '7d', label: '7 days', ms: 7 * 24 * 60 * 60 * 1000 },
  { id: '30d', label: '30 days', ms: 30 * 24 * 60 * 60 * 1000 },
  { id: 'never', label: 'No expiry', ms: null },
] as const;
export type ExpiryPresetId = (typeof EXPIRY_PRESETS)[number]['id'];

/** A custom expiry date (`yyyy-mm-dd` from a date input) ends at the last millisecond of that local day. */
export function endOfLocalDay(isoDate: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (match === null) return undefined;
  const [, y, m, d] = match;
  const at = new Date(Number(y), Number(m) - 1, Number(d), 23, 59, 59, 999);
  return Number.isNaN(at.getTime()) ? undefined : at.getTime();
}

export const maxUsesSchema = z.coerce.number().int().positive().max(1_000_000);
