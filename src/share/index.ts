export { createShareToken, hashShareToken, shareTokenSchema } from './token';
export type { ShareToken } from './token';
export { formatShareLink, parseShareFragment } from './link';
export type { ParsedShareFragment } from './link';
export {
  createShareLink,
  revokeShareLink,
  listShareLinks,
  getShareToken,
  shareLinkOutbox,
  shareLinkDisplayState,
  endOfLocalDay,
  maxUsesSchema,
  EXPIRY_PRESETS,
  SHARE_LINK_LIST_LIMIT,
} from './share-links';
export type { CreateShareLinkInput, CreatedShareLink, RevokeRequest, RevokeResult, ShareLinkOutbox, ShareLinkDisplayState, ExpiryPresetId } from './share-links';
export { createRevokeRequest, revokePath } from './revoke-request';
export { redeemShareToken, describeOpenFailure, parseRetryAfter, redeemResponseSchema } from './redeem';
export type { Redemption, RedeemFailure, RedeemResult, RedeemRequest, OpenFailure, RedeemedShareLink } from './redeem';
export { openShareLink } from './open-link';
export type { OpenLinkDeps, OpenLinkOutcome } from './open-link';
export {
  openRecipientRegistry,
  openRecipientLinkDb,
  storeSharedContent,
  saveRedemption,
  getRedeemedLink,
  findRedeemedByHash,
  listRedeemedLinks,
} from './recipient-store';
export type { RedeemedLink } from './recipient-store';
export { recipientSessionId } from './recipient-session';
export { captureShareFragment, takeCapturedFragment, peekCapturedFragment, clearCapturedFragment, SHARE_ENTRY_PATH } from './fragment';
