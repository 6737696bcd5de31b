import { timingSafeEqual } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { shareLinkState } from '../../../src/domain';
import type { ShareLink } from '../../../src/domain';
import type { ChangeBus } from '../events/change-bus';
import { createChangeRepo, settledTransaction } from './change-repo';
import type { Visibility } from './change-repo';

/**
 * Who redeemed: an anonymous session or a signed-in member. One use per distinct principal.
 * A session also presents `secretHash`, the hex SHA-256 of its device's session secret (null:
 * none sent): the first redemption that carries one binds the session id to it, on every link.
 */
export type Redeemer =
  | { readonly kind: 'session'; readonly id: string; readonly secretHash: string | null }
  | { readonly kind: 'user'; readonly id: string };

export type RedeemRefusal =
  /** revoked / expired: the link is dead; used_up: a new principal and no uses left. */
  | 'expired'
  | 'revoked'
  | 'used_up'
  /** An internal link without a member. */
  | 'sign_in'
  /** A session without a session secret. */
  | 'secret_required'
  /** A session id bound to another secret. */
  | 'session_mismatch'
  /** `ready` said no (the shared document or its version is missing): nothing was spent. */
  | 'unavailable';

export type RedeemOutcome =
  | { readonly ok: true; readonly link: ShareLink; /** False when this principal had redeemed before (no use spent). */ readonly counted: boolean }
  | { readonly ok: false; readonly reason: 'not_found' }
  | { readonly ok: false; readonly reason: RedeemRefusal; readonly link: ShareLink };

/** Decides the redeemer once the link is known: undefined answers `sign_in`. */
export type RedeemerOf = Redeemer | ((link: ShareLink) => Redeemer | undefined);

export interface ShareLinkRepo {
  get(id: string): ShareLink | undefined;
  getByTokenHash(tokenHash: string): ShareLink | undefined;
  /** Insert or overwrite the link (the caller decided what to keep) and move it to the head of the feed. */
  put(link: ShareLink): void;
  /** Set `revokedAt` unless it is set already (the first revocation wins). Undefined for an unknown link. */
  revoke(id: string, at: number): { link: ShareLink; changed: boolean } | undefined;
  /**
   * One redemption, atomically: look the link up by hash, refuse a revoked or expired one, and
   * for a principal that has not redeemed it before insert the redemption and spend one use
   * with a single conditional UPDATE, in one IMMEDIATE transaction, so `maxUses` can never be
   * exceeded (not by concurrent requests, not by other processes on the same file).
   * Group commit: redemptions that arrive in the same turn of the event loop share one
   * transaction (each still decided by its own conditional UPDATE, in arrival order), so the
   * cost of a commit is paid once per batch rather than once per request.
   * `redeemer` may depend on the link (e.g. internal links need a member): undefined answers `sign_in`.
   * A session must present a secret hash, and the one its id is bound to if it is bound
   * (`secret_required` / `session_mismatch`). `ready` (default: always) is asked before anything
   * is spent; false answers `unavailable` and changes nothing.
   */
  redeem(tokenHash: string, redeemer: RedeemerOf, now: number, ready?: (link: ShareLink) => boolean): Promise<RedeemOutcome>;
  /**
   * Count again the finished (completed or submitted) runs made through the link and store the
   * number as `submissionCount`, moving the link to the head of its creator's feed. Counted from
   * the instances table, so a replay or a second call never counts a run twice. Call it inside
   * the transaction that stored the instance.
   */
  recountSubmissions(id: string): void;
  /** Links among `ids` that are revoked or expired at `now` (for closing their sockets). */
  goneAmong(ids: readonly string[], now: number): Set<string>;
}

interface LinkRow {
  json: string;
}

/** A link is read by its creator and by admins (DESIGN §4); never by a grant holder. */
export const shareLinkScope = (link: ShareLink): Visibility => ({ visibility: 'owner', ownerId: link.createdBy, admins: true });

const parse = (row: LinkRow | undefined): ShareLink | undefined => (row ? (JSON.parse(row.json) as ShareLink) : undefined);

/** Compare two hex digests without an early exit. */
function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createShareLinkRepo(db: Database, bus?: ChangeBus): ShareLinkRepo {
  const changes = createChangeRepo(db, bus);
  const q = {
    byId: db.prepare<[string], LinkRow>('SELECT json FROM share_links WHERE id = ?'),
    byHash: db.prepare<[string], LinkRow>('SELECT json FROM share_links WHERE token_hash = ?'),
    upsert: db.prepare<{
      id: string;
      documentId: string;
      tokenHash: string;
      createdBy: string;
      audience: string;
      expiresAt: number | null;
      maxUses: number | null;
      useCount: number;
      revokedAt: number | null;
      json: string;
    }>(`
      INSERT INTO share_links (id, document_id, token_hash, created_by, audience, expires_at, max_uses, use_count, revoked_at, json)
      VALUES (@id, @documentId, @tokenHash, @createdBy, @audience, @expiresAt, @maxUses, @useCount, @revokedAt, @json)
      ON CONFLICT (id) DO UPDATE SET revoked_at = excluded.revoked_at, json = excluded.json
    `),
    revoke: db.prepare<{ id: string; at: number }>(`
      UPDATE share_links SET revoked_at = @at, json = json_set(json, '$.revokedAt', @at)
      WHERE id = @id AND revoked_at IS NULL
    `),
    redeemed: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM share_redemptions WHERE link_id = ? AND principal = ?'),
    insertRedemption: db.prepare<[string, string, number, string | null]>(
      'INSERT INTO share_redemptions (link_id, principal, redeemed_at, secret_hash) VALUES (?, ?, ?, ?)',
    ),
    // The secret a session id is bound to (the same on every link it redeemed with one).
    boundSecret: db.prepare<[string], { secret_hash: string }>(
      'SELECT secret_hash FROM share_redemptions WHERE principal = ? AND secret_hash IS NOT NULL LIMIT 1',
    ),
    // A redemption from before session binding: the first secret presented binds it.
    bindSecret: db.prepare<[string, string, string]>('UPDATE share_redemptions SET secret_hash = ? WHERE link_id = ? AND principal = ? AND secret_hash IS NULL'),
    // The whole limit in one statement: it spends a use only while the link is live and below maxUses.
    countUse: db.prepare<{ id: string; now: number }>(`
      UPDATE share_links SET use_count = use_count + 1, json = json_set(json, '$.useCount', use_count + 1)
      WHERE id = @id AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @now)
        AND (max_uses IS NULL OR use_count < max_uses)
    `),
    recountSubmissions: db.prepare<{ id: string }>(`
      UPDATE share_links SET json = json_set(json, '$.submissionCount', (
        SELECT COUNT(*) FROM instances WHERE share_link_id = @id AND status IN ('completed', 'submitted')
      ))
      WHERE id = @id
    `),
  };

  const put = settledTransaction(db, changes, (link: ShareLink) => {
    q.upsert.run({
      id: link.id,
      documentId: link.documentId,
      tokenHash: link.tokenHash,
      createdBy: link.createdBy,
      audience: link.audience,
      expiresAt: link.expiresAt ?? null,
      maxUses: link.maxUses ?? null,
      useCount: link.useCount,
      revokedAt: link.revokedAt ?? null,
      json: JSON.stringify(link),
    });
    changes.record('shareLink', link.id, shareLinkScope(link));
  });

  const revoke = settledTransaction(db, changes, (id: string, at: number) => {
    const changed = q.revoke.run({ id, at }).changes === 1;
    const link = parse(q.byId.get(id));
    if (!link) return undefined;
    if (changed) changes.record('shareLink', id, shareLinkScope(link));
    return { link, changed };
  });

  const recountSubmissions = settledTransaction(db, changes, (id: string) => {
    if (q.recountSubmissions.run({ id }).changes === 0) return;
    const link = parse(q.byId.get(id));
    if (link) changes.record('shareLink', id, shareLinkScope(link));
  });

  // One redemption; runs inside the batch transaction below (never on its own).
  const redeemOne = (tokenHash: string, who: RedeemerOf, now: number, ready: ((link: ShareLink) => boolean) | undefined): RedeemOutcome => {
    const link = parse(q.byHash.get(tokenHash));
    if (!link) return { ok: false, reason: 'not_found' };
    const state = shareLinkState(link, now);
    if (state === 'revoked' || state === 'expired') return { ok: false, reason: state, link };
    const redeemer = typeof who === 'function' ? who(link) : who;
    if (!redeemer) return { ok: false, reason: 'sign_in', link };
    const principal = `${redeemer.kind}:${redeemer.id}`;
    const secretHash = redeemer.kind === 'session' ? redeemer.secretHash : null;
    if (redeemer.kind === 'session') {
      if (secretHash === null) return { ok: false, reason: 'secret_required', link };
      // Bound on any link: knowing the session id (records show it) is not enough to act as it.
      const bound = q.boundSecret.get(principal)?.secret_hash;
      if (bound !== undefined && !sameHash(bound, secretHash)) return { ok: false, reason: 'session_mismatch', link };
    }
    if (ready && !ready(link)) return { ok: false, reason: 'unavailable', link };
    // Redeeming again (same session or member) costs nothing, even once the link is used up.
    if (q.redeemed.get(link.id, principal)) {
      if (secretHash !== null) q.bindSecret.run(secretHash, link.id, principal);
      return { ok: true, link, counted: false };
    }
    if (q.countUse.run({ id: link.id, now }).changes === 0) return { ok: false, reason: 'used_up', link };
    q.insertRedemption.run(link.id, principal, now, secretHash);
    // The UPDATE added exactly one to what this transaction read.
    const counted: ShareLink = { ...link, useCount: link.useCount + 1 };
    changes.record('shareLink', link.id, shareLinkScope(counted));
    return { ok: true, link: counted, counted: true };
  };

  type Pending = {
    hash: string;
    who: RedeemerOf;
    now: number;
    ready: ((link: ShareLink) => boolean) | undefined;
    resolve: (o: RedeemOutcome) => void;
    reject: (e: unknown) => void;
  };
  let queue: Pending[] = [];
  const batchTx = db.transaction((batch: readonly Pending[]) => batch.map((p) => redeemOne(p.hash, p.who, p.now, p.ready)));
  const flush = (): void => {
    const batch = queue;
    queue = [];
    let outcomes: RedeemOutcome[];
    try {
      // IMMEDIATE: the write lock is taken before the first read, so no other connection can
      // spend a use between a read and its UPDATE. Never nested (runs from setImmediate).
      outcomes = batchTx.immediate(batch);
    } catch (error) {
      changes.settle(false);
      for (const p of batch) p.reject(error);
      return;
    }
    changes.settle(true);
    batch.forEach((p, i) => p.resolve(outcomes[i] as RedeemOutcome));
  };

  return {
    get: (id) => parse(q.byId.get(id)),
    getByTokenHash: (hash) => parse(q.byHash.get(hash)),
    put,
    revoke,
    recountSubmissions,
    redeem(hash, who, now, ready) {
      return new Promise<RedeemOutcome>((resolve, reject) => {
        queue.push({ hash, who, now, ready, resolve, reject });
        if (queue.length === 1) setImmediate(flush);
      });
    },
    goneAmong(ids, now) {
      const gone = new Set<string>();
      for (const id of new Set(ids)) {
        const link = parse(q.byId.get(id));
        if (!link) continue;
        const state = shareLinkState(link, now);
        if (state === 'revoked' || state === 'expired') gone.add(id);
      }
      return gone;
    },
  };
}
