import { instanceIdSchema } from '../domain';
import type { InstanceId } from '../domain';

/**
 * Room names of the websocket relay (`/yjs/<room>`, DESIGN §5): one room per instance,
 * `instance:<lowercase uuid>`. Built and read only here, so the relay, its access rules and the
 * client agree on the spelling.
 */
export const ROOM_PREFIX = 'instance:';

/** Where the websocket relay listens: `ws(s)://<host>/yjs/<room>?token=…` (same port as the API). */
export const WS_PATH = '/yjs';

/** The room of an instance's Yjs document. */
export const roomOfInstance = (instanceId: string): string => `${ROOM_PREFIX}${instanceId}`;

/**
 * The instance a room name stands for, or undefined for anything else (another prefix, an
 * uppercase or malformed uuid, trailing text): such a room is refused with 4404.
 */
export function instanceIdOfRoom(room: string): InstanceId | undefined {
  if (!room.startsWith(ROOM_PREFIX)) return undefined;
  const parsed = instanceIdSchema.safeParse(room.slice(ROOM_PREFIX.length));
  return parsed.success ? parsed.data : undefined;
}

export const isValidRoomName = (room: string): boolean => instanceIdOfRoom(room) !== undefined;
