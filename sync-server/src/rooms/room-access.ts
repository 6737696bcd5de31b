import { isFinished } from '../../../src/domain';
import { CLOSE_CODES, instanceIdOfRoom } from '../../../src/protocol';
import type { Instance, ShareLink, User } from '../../../src/domain';
import { currentMember, resolveGrant } from '../auth/authenticate';
import type { GrantHolder } from '../auth/authenticate';
import type { TokenService } from '../auth/tokens';
import type { UserRepo } from '../db/user-repo';
import type { Authorization, AuthorizeRequest } from '../relay';

/**
 * DESIGN §4 for a signed-in member: the owner writes until the instance is finished
 * (completed, submitted or abandoned: `isFinished`), then reads; admins read everyone else's instances; the creator of a
 * share link reads the recipients' instances made through it; nobody else gets in. Pure, so the
 * rule is tested without sockets.
 */
export function memberRoomAccess(user: User, instance: Instance, link?: ShareLink, expiresAt?: number): Authorization {
  const principal = { id: user.id, kind: 'user', ...(expiresAt !== undefined ? { expiresAt } : {}) } as const;
  if (instance.userId !== undefined && instance.userId === user.id) {
    return { ok: true, principal, access: isFinished(instance.status) ? 'read-only' : 'read-write' };
  }
  if (user.role === 'admin') return { ok: true, principal, access: 'read-only' };
  if (instance.sessionId !== undefined && link !== undefined && link.id === instance.shareLinkId && link.createdBy === user.id) {
    return { ok: true, principal, access: 'read-only' };
  }
  return { ok: false, code: CLOSE_CODES.forbidden, reason: 'not your instance' };
}

/**
 * A share grant: only the instances of its own session made through its link, on its document
 * (read-write until finished, abandoned included). Everything else is 4403.
 */
export function grantRoomAccess(holder: GrantHolder, instance: Instance): Authorization {
  const own =
    instance.userId === undefined &&
    instance.sessionId === holder.sessionId &&
    instance.shareLinkId === holder.shareLinkId &&
    instance.sourceDocumentId === holder.documentId;
  if (!own) return { ok: false, code: CLOSE_CODES.forbidden, reason: 'not an instance of this share link' };
  const principal = { id: holder.sessionId, kind: 'session', shareLinkId: holder.shareLinkId } as const;
  return { ok: true, principal, access: isFinished(instance.status) ? 'read-only' : 'read-write' };
}

export interface RoomAccessDeps {
  readonly tokens: TokenService;
  readonly users: UserRepo;
  readonly getInstance: (id: string) => Instance | undefined;
  readonly getShareLink: (id: string) => ShareLink | undefined;
  readonly now: () => number;
}

const UNAUTHENTICATED = 'the session is invalid or has expired; sign in again';

/**
 * The relay's `authorize` hook: `?token=` is verified exactly like a bearer token — a member
 * token (signature, issuer, expiry; the role comes from the database) or a share grant (its link
 * must be neither revoked nor expired: 4410) — then the instance record decides. Refusal
 * reasons go to the client and the log, so they never contain the token.
 */
export function createRoomAuthorizer(deps: RoomAccessDeps): (request: AuthorizeRequest) => Promise<Authorization> {
  const { tokens, users, getInstance, getShareLink } = deps;
  const instanceOf = (room: string): Instance | undefined => {
    const instanceId = instanceIdOfRoom(room);
    return instanceId === undefined ? undefined : getInstance(instanceId);
  };
  return async ({ room, token }) => {
    if (token === undefined || token === '') return { ok: false, code: CLOSE_CODES.unauthenticated, reason: 'sign in first (missing token)' };
    const claims = await tokens.verify(token);
    if (claims) {
      const user = currentMember(users, claims);
      if (!user) return { ok: false, code: CLOSE_CODES.unauthenticated, reason: UNAUTHENTICATED };
      const instance = instanceOf(room);
      // The client opens a room only after its instance record was PUT; until then there is no room.
      if (!instance) return { ok: false, code: CLOSE_CODES.unknownRoom, reason: 'unknown room' };
      const link = instance.shareLinkId === undefined ? undefined : getShareLink(instance.shareLinkId);
      return memberRoomAccess(user, instance, link, claims.expiresAt);
    }
    const grant = await resolveGrant(token, deps);
    if (!grant.ok) {
      if (grant.status === 410) return { ok: false, code: CLOSE_CODES.linkGone, reason: grant.message };
      return { ok: false, code: CLOSE_CODES.unauthenticated, reason: UNAUTHENTICATED };
    }
    const instance = instanceOf(room);
    if (!instance) return { ok: false, code: CLOSE_CODES.unknownRoom, reason: 'unknown room' };
    return grantRoomAccess(grant.holder, instance);
  };
}
