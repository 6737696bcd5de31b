/**
 * One awareness frame from a peer (SPEC R19): only the peer's own client ids, a few per
 * connection and room, each state small. With presence off the frame is echoed to its sender
 * only, which stock clients need as a keepalive.
 */
import { applyAwarenessUpdate } from 'y-protocols/awareness';
import { encodeAwareness } from './protocol';
import type { RelayLogger } from './options';
import type { Peer } from './peer';
import { releasePresence, screenPresence } from './presence';
import type { PresenceLimits } from './presence';
import type { Room } from './room';
import type { Refusal } from './room-writer';

/** Applies the frame; returns why the connection must close, or how many states it dropped. */
export function applyPresenceFrame(room: Room, peer: Peer, update: Uint8Array, limits: PresenceLimits, logger: RelayLogger): { refusal: Refusal } | { dropped: number } {
  if (!room.awareness) {
    peer.send(encodeAwareness(update));
    return { dropped: 0 };
  }
  const screened = screenPresence(update, peer, room, limits);
  if (!screened.ok) return { refusal: screened };
  // Routine: stock clients echo others' presence back. Debug, once per connection.
  if (screened.dropped > 0 && !peer.loggedPresenceDrop) {
    peer.loggedPresenceDrop = true;
    logger.debug?.({ room: room.name, principal: peer.principal.id }, 'dropping presence states of other connections or past the room cap');
  }
  if (screened.update) applyAwarenessUpdate(room.awareness, screened.update, peer);
  releasePresence(screened.released, peer, room);
  return { dropped: screened.dropped };
}
