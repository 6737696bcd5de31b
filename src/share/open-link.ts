import type { FieldbookDB } from '../db';
import type { SessionId, ShareLinkId } from '../domain';
import type { OpenFailure, RedeemRequest, RedeemResult, Redemption } from './redeem';
import { findRedeemedByHash, saveRedemption } from './recipient-store';
import type { RedeemedLink } from './recipient-store';
import { hashShareToken } from './token';

export interface OpenLinkDeps {
  readonly sessionId: SessionId;
  readonly registry: FieldbookDB;
  /** The database of one redeemed link (see recipient-store). */
  readonly linkDb: (linkId: ShareLinkId) => FieldbookDB;
  readonly redeem: (request: RedeemRequest) => Promise<RedeemResult>;
  readonly now: () => number;
}

export type OpenLinkOutcome =
  /** An external link, redeemed now (or earlier, when the relay cannot be reached): show it. */
  | { readonly kind: 'opened'; readonly link: RedeemedLink; readonly fromDevice: boolean }
  /** An internal link redeemed by a signed-in member: open the document in the member app. */
  | { readonly kind: 'member'; readonly redemption: Redemption }
  /** An internal link and nobody (valid) signed in. */
  | { readonly kind: 'sign_in' }
  | { readonly kind: 'failed'; readonly failure: OpenFailure };

/**
 * Redeem a token and say what the recipient screen shows. An external link's document and grant
 * are stored on the device, so the link opens again offline. When the relay cannot be reached,
 * a link this device redeemed before opens from the device; one never opened says so. A link the
 * relay refuses (404/410) stays refused even if it was opened before: revoking stops access.
 */
export async function openShareLink(token: string, deps: OpenLinkDeps, memberToken?: string): Promise<OpenLinkOutcome> {
  const tokenHash = await hashShareToken(token);
  const result = await deps.redeem({ token, sessionId: deps.sessionId, memberToken });
  if (result.ok) {
    const { ok: _ok, ...redemption } = result;
    if (redemption.shareLink.audience === 'internal') {
      return memberToken === undefined ? { kind: 'sign_in' } : { kind: 'member', redemption };
    }
    const linkDb = deps.linkDb(redemption.shareLink.id);
    try {
      const link = await saveRedemption(deps.registry, linkDb, redemption, tokenHash, deps.now());
      return { kind: 'opened', link, fromDevice: false };
    } finally {
      linkDb.close();
    }
  }
  switch (result.reason) {
    case 'sign_in':
      return memberToken === undefined ? { kind: 'sign_in' } : { kind: 'failed', failure: { reason: 'sign_in' } };
    case 'offline':
    case 'unavailable': {
      const known = await findRedeemedByHash(deps.registry, tokenHash);
      if (known !== undefined) return { kind: 'opened', link: known, fromDevice: true };
      return { kind: 'failed', failure: result.reason === 'offline' ? { reason: 'never_opened' } : result };
    }
    default:
      return { kind: 'failed', failure: result };
  }
}
