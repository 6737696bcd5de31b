import { shareLinkSchema } from '../domain';
import type { ShareLink } from '../domain';
import { encodeId } from './record-kind';
import type { RecordKindRules } from './record-kind';

/** Revocation is final, so a defined `revokedAt` is kept against an undefined one. */
export function withRevokedAt(link: ShareLink, revokedAt: number | undefined): ShareLink {
  const out = { ...link };
  if (revokedAt === undefined) delete out.revokedAt;
  else out.revokedAt = revokedAt;
  return out;
}

/** Earliest defined of two timestamps. */
export function firstDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/**
 * The relay owns a link's counters (it counts redemptions) and stops a link the moment it is
 * revoked; the creator's device may revoke offline, and that revocation must survive until the
 * relay has it.
 */
export const shareLinkRecord: RecordKindRules<ShareLink, 'shareLinks'> = {
  schema: shareLinkSchema,
  table: 'shareLinks',
  label: 'Share link',
  // Its counters and revocation are not a plain replacement: every entry is sent.
  supersedable: false,
  route: (id) => `/api/share-links/${encodeId(id)}`,
  // useCount never goes down and the first revocation is kept.
  mergeLocal: (incoming, stored) =>
    stored === undefined
      ? incoming
      : withRevokedAt({ ...incoming, useCount: Math.max(stored.useCount, incoming.useCount) }, firstDefined(stored.revokedAt, incoming.revokedAt)),
  // The relay's counters and revocation win, except a local revocation still waiting in the outbox.
  mergeRemote: async (remote, local, localPending) => {
    const keepLocalRevocation = local?.revokedAt !== undefined && remote.revokedAt === undefined && (await localPending());
    return keepLocalRevocation ? withRevokedAt(remote, local.revokedAt) : remote;
  },
  // Only revocation can change a stored link, and the device's time of it is kept (it may have been offline).
  mergeOnRelay: (incoming, stored) =>
    stored.revokedAt === undefined && incoming.revokedAt !== undefined ? { ...stored, revokedAt: incoming.revokedAt } : stored,
};
