import type { Instance, ShareLink } from '../../../src/domain';
import type { Caller } from '../auth/authenticate';

/** Who stored a blob or owns an upload: `user:<id>` or `session:<id>` (as `share_redemptions.principal`). */
export function principalOf(caller: Caller): string {
  return caller.kind === 'user' ? `user:${caller.user.id}` : `session:${caller.sessionId}`;
}

/**
 * May the caller attach files to this instance? Its owner, or a grant holder for its own
 * session's instance made through its link (the record write rules, record-service.ts). Unlike
 * the room, a finished run still takes files: a device finishes offline and uploads after.
 */
export function mayAttachTo(caller: Caller, instance: Instance): boolean {
  if (caller.kind === 'user') return instance.userId !== undefined && instance.userId === caller.user.id;
  return (
    instance.userId === undefined &&
    instance.sessionId === caller.sessionId &&
    instance.shareLinkId === caller.shareLinkId &&
    instance.sourceDocumentId === caller.documentId
  );
}

/**
 * May the caller read this instance (and so the files it references)? DESIGN §4 / §5.1: its
 * owner, admins, the creator of the share link it was made through; a grant holder its own.
 */
export function mayReadInstance(caller: Caller, instance: Instance, link: ShareLink | undefined): boolean {
  if (caller.kind === 'session') return mayAttachTo(caller, instance);
  const { user } = caller;
  if (instance.userId !== undefined && instance.userId === user.id) return true;
  if (user.role === 'admin') return true;
  return instance.sessionId !== undefined && link !== undefined && link.id === instance.shareLinkId && link.createdBy === user.id;
}
