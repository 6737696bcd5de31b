import { createHash } from 'node:crypto';
import { ERROR_CODES } from '../../../src/protocol';
import type { RedeemedShareLink, RedeemResponse } from '../../../src/protocol';
import type { ContentDocument, DocumentVersion, ShareLink, User } from '../../../src/domain';
import type { TokenService } from '../auth/tokens';
import { DEFAULTS } from '../config';
import type { RecordRepo } from '../db/record-repo';
import type { ShareLinkRepo } from '../db/share-link-repo';
import type { UserRepo } from '../db/user-repo';
import { HttpError } from '../errors';

/** Seconds a recipient waits before retrying while the shared document is not on the relay. */
export const DOCUMENT_UNAVAILABLE_RETRY_SECONDS = 30;

/**
 * What a recipient learns of the link (protocol `redeemedShareLinkSchema`): never its token hash
 * or its creator's id or e-mail, but the creator's display name (`creatorName`), so the
 * recipient knows who sent it. The relay always sends `useCount`.
 */
export type PublicShareLink = RedeemedShareLink & { readonly useCount: number };

export interface RedeemService {
  /**
   * `sessionSecret`: the device's session secret, if sent (required for external links).
   * `member`: the caller's valid member token, if any (needed for internal links).
   */
  redeem(token: string, sessionId: string, sessionSecret: string | undefined, member: User | undefined): Promise<RedeemResponse>;
}

export interface RedeemServiceDeps {
  readonly links: ShareLinkRepo;
  readonly records: Pick<RecordRepo, 'getDocument' | 'getVersion'>;
  /** To name the link's creator to the recipient. */
  readonly users: Pick<UserRepo, 'findById'>;
  readonly tokens: TokenService;
  readonly now: () => number;
}

/** DESIGN §5: the lowercase hex SHA-256 of the token's base64url text. One hash, no key stretching: tokens carry >= 128 random bits. */
export const hashShareToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** What the relay keeps of a session secret (>= 128 random bits, so one plain hash is enough). */
export const hashSessionSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** `creatorName`: the display name of the link's creator (absent when the account is gone). */
export function publicShareLink(link: ShareLink, creatorName?: string): PublicShareLink {
  const out: { -readonly [K in keyof PublicShareLink]: PublicShareLink[K] } = {
    id: link.id,
    documentId: link.documentId,
    audience: link.audience,
    useCount: link.useCount,
  };
  if (link.label !== undefined) out.label = link.label;
  if (link.expiresAt !== undefined) out.expiresAt = link.expiresAt;
  if (link.maxUses !== undefined) out.maxUses = link.maxUses;
  if (link.revokedAt !== undefined) out.revokedAt = link.revokedAt;
  if (creatorName !== undefined) out.creatorName = creatorName;
  return out;
}

/** Each way a redemption is refused, as status, API code and message. */
export const REDEEM_REFUSALS = {
  not_found: [404, ERROR_CODES.linkNotFound, 'This link does not exist'],
  session_mismatch: [403, ERROR_CODES.sessionMismatch, 'This session was opened on another device; open the link as a new session'],
  expired: [410, ERROR_CODES.linkExpired, 'This link has expired'],
  revoked: [410, ERROR_CODES.linkRevoked, 'This link was turned off by the sender'],
  used_up: [410, ERROR_CODES.linkUsedUp, 'This link has been used the maximum number of times'],
  sign_in: [401, ERROR_CODES.signInRequired, 'This link is for workspace members: sign in to open it'],
} as const;

/**
 * Redemption: SHA-256 of the token, one IMMEDIATE transaction (share-link-repo `redeem`), then
 * a signed grant. An external link is redeemed by the anonymous session; an internal one only
 * by a signed-in member, as that member (a member token on an external link is ignored: the
 * recipient's records carry the session id).
 */
export function createRedeemService({ links, records, users, tokens, now }: RedeemServiceDeps): RedeemService {
  return {
    async redeem(token, sessionId, sessionSecret, member) {
      const at = now();
      const secretHash = sessionSecret === undefined ? null : hashSessionSecret(sessionSecret);
      // Read inside the redemption's transaction, before any use is spent.
      let content: { document: ContentDocument; version: DocumentVersion } | undefined;
      const ready = (link: ShareLink): boolean => {
        const document = records.getDocument(link.documentId);
        const version = document ? records.getVersion(document.currentVersionId) : undefined;
        content = document && version ? { document, version } : undefined;
        return content !== undefined;
      };
      const outcome = await links.redeem(
        hashShareToken(token),
        (link) => (link.audience === 'external' ? { kind: 'session', id: sessionId, secretHash } : member ? { kind: 'user', id: member.id } : undefined),
        at,
        ready,
      );
      if (!outcome.ok) {
        switch (outcome.reason) {
          case 'secret_required':
            throw new HttpError(422, ERROR_CODES.invalid, 'The request body is not valid', [
              { path: 'sessionSecret', message: 'required to open a link shared outside the workspace' },
            ]);
          case 'unavailable':
            // Not the recipient's fault and not a guess: nothing spent, not counted as a failure.
            throw new HttpError(503, ERROR_CODES.documentUnavailable, 'The shared document is not available on the relay yet; try again shortly', undefined, {
              'retry-after': String(DOCUMENT_UNAVAILABLE_RETRY_SECONDS),
            });
          default: {
            const [status, code, message] = REDEEM_REFUSALS[outcome.reason];
            throw new HttpError(status, code, message);
          }
        }
      }
      const { link } = outcome;
      if (!content) throw new Error('redemption succeeded without its content');
      const { document, version } = content;
      const sub = link.audience === 'internal' && member ? member.id : sessionId;
      const expiresAt = Math.min(link.expiresAt ?? Number.POSITIVE_INFINITY, at + DEFAULTS.tokenTtlSeconds * 1000);
      const grant = await tokens.signGrant({ sub, shareLinkId: link.id, documentId: link.documentId }, expiresAt);
      return { grant, document, version, shareLink: publicShareLink(link, users.findById(link.createdBy)?.name) };
    },
  };
}
