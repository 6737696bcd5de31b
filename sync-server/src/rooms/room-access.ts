import { CLOSE_CODES, isFinished, isUuid } from '../../../src/domain';
import type { Instance, User } from '../../../src/domain';
import type { TokenService } from '../auth/tokens';
import type { UserRepo } from '../db/user-repo';
import type { Authorization, AuthorizeRequest } from '../relay';

const ROOM_PREFIX = 'instance:';

/** The instance id a room name stands for, or undefined when it names no instance room. */
export function instanceIdOfRoom(room: string): string | undefined {
  if (!room.startsWith(ROOM_PREFIX)) return undefined;
  const id = room.slice(ROOM_PREFIX.length);
  return isUuid(id) ? id : undefined;
}

export const roomOfInstance = (instanceId: string): string => `${ROOM_PREFIX}${instanceId}`;

/**
 * DESIGN §4 for a signed-in member: the owner writes until the instance is finished
 * (completed or submitted), then reads; admins read everyone else's instances; nobody else
 * gets in. Pure, so the rule is tested without sockets.
 */
export function memberRoomAccess(user: User, instance: Instance): Authorization {
  const principal = { id: user.id, kind: 'user' } as const;
  if (instance.userId === user.id) return { ok: true, principal, access: isFinished(instance.status) ? 'read-only' : 'read-write' };
  if (user.role === 'admin') return { ok: true, principal, access: 'read-only' };
  return { ok: false, code: CLOSE_CODES.forbidden, reason: 'not your instance' };
}

export interface RoomAccessDeps {
  readonly tokens: TokenService;
  readonly users: UserRepo;
  readonly getInstance: (id: string) => Instance | undefined;
}

/**
 * The relay's `authorize` hook: `?token=` is verified exactly like a bearer token (signature,
 * issuer, expiry; the role comes from the database), then the instance record decides.
 * Refusal reasons go to the client and the log, so they never contain the token.
 *
 * Seam for share links (later): a token that is not a member token will be tried as a share
 * grant here, giving a `{kind: 'session', shareLinkId}` principal with access to the
 * instances of its session (read-write until finished) — and read access for the link's
 * owner on instances made through the link, next to the admin rule in `memberRoomAccess`.
 */
export function createRoomAuthorizer({ tokens, users, getInstance }: RoomAccessDeps): (request: AuthorizeRequest) => Promise<Authorization> {
  return async ({ room, token }) => {
    if (token === undefined || token === '') return { ok: false, code: CLOSE_CODES.unauthenticated, reason: 'sign in first (missing token)' };
    const claims = await tokens.verify(token);
    const user = claims ? users.findById(claims.userId) : undefined;
    if (!user) return { ok: false, code: CLOSE_CODES.unauthenticated, reason: 'the session is invalid or has expired; sign in again' };
    const instanceId = instanceIdOfRoom(room);
    const instance = instanceId === undefined ? undefined : getInstance(instanceId);
    // The client opens a room only after its instance record was PUT; until then there is no room.
    if (!instance) return { ok: false, code: CLOSE_CODES.unknownRoom, reason: 'unknown room' };
    return memberRoomAccess(user, instance);
  };
}
