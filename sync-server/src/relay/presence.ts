/**
 * Presence (awareness) caps, SPEC R19. An awareness update is screened whole before any of it
 * is applied: a connection may set or remove only the client ids it introduced (or that a
 * connection of the same principal introduced: a reconnecting device takes its id over), at
 * most `perConnection` of them, each state at most `maxStateBytes` of JSON; a room holds at
 * most `perRoom` states. Foreign ids and states past the room cap are dropped (the rest of
 * the frame still applies: stock clients echo every state they receive); too many ids on one
 * connection close it with 4429, an oversized state with 4413, an undecodable update with 4400.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { CLOSE_CODES } from '../../../src/protocol';

export interface PresenceLimits {
  /** Awareness client ids one connection may hold. */
  readonly perConnection: number;
  /** Awareness states one room holds; new ids past it are dropped. */
  readonly perRoom: number;
  /** Bytes of one state's JSON text. */
  readonly maxStateBytes: number;
  /** A connection's query-awareness frames are answered at most once per this interval. */
  readonly queryIntervalMs: number;
}

/** A connection as far as presence goes. */
export interface PresenceHolder {
  /** Connections with the same key belong to one principal (e.g. `user:<id>`). */
  readonly principalKey: string;
  /** Awareness client ids this connection holds; their states are removed when it leaves. */
  readonly awarenessClients: Set<number>;
}

/** A room as far as presence goes. */
export interface PresenceRoom {
  /** Client id -> the connection that holds it. */
  readonly owners: Map<number, PresenceHolder>;
  /** How many states the room holds now. */
  readonly stateCount: number;
  /** The relay's own awareness id: nobody may set it. */
  readonly relayClientId: number;
}

export type PresenceScreen =
  | {
      readonly ok: true;
      /** What to apply (only the accepted entries); undefined when nothing was accepted. */
      readonly update: Uint8Array | undefined;
      /** Accepted removals: release these ids after applying. */
      readonly released: readonly number[];
      /** Entries dropped (foreign id, or the room is full). */
      readonly dropped: number;
    }
  | { readonly ok: false; readonly code: number; readonly reason: string };

interface Entry {
  readonly clientId: number;
  readonly clock: number;
  /** The state's JSON text, as UTF-8 bytes. */
  readonly json: Uint8Array;
  readonly removes: boolean;
}

const NULL_JSON = 'null';
const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeEntries(update: Uint8Array): Entry[] | undefined {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    // Each entry takes at least 3 bytes: a count past that is a lie, not a reason to loop.
    if (count > update.byteLength) return undefined;
    const entries: Entry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarUint8Array(decoder);
      entries.push({ clientId, clock, json, removes: json.byteLength === NULL_JSON.length && utf8.decode(json) === NULL_JSON });
    }
    if (decoding.hasContent(decoder)) return undefined;
    return entries;
  } catch {
    return undefined;
  }
}

function isJson(bytes: Uint8Array): boolean {
  try {
    JSON.parse(utf8.decode(bytes));
    return true;
  } catch {
    return false;
  }
}

function encodeEntries(entries: readonly Entry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarUint8Array(encoder, entry.json);
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Screen one awareness update from `holder`. On `ok`, ids it newly holds are already recorded
 * (in `room.owners` and `holder.awarenessClients`); call `release` with `released` after applying.
 */
export function screenPresence(update: Uint8Array, holder: PresenceHolder, room: PresenceRoom, limits: PresenceLimits): PresenceScreen {
  const entries = decodeEntries(update);
  if (!entries) return { ok: false, code: CLOSE_CODES.badMessage, reason: 'bad awareness update' };
  // Stock clients echo every presence change they receive, others' included: a frame may carry
  // every state of the room. More than the room and this connection could hold is an attack.
  if (entries.length > limits.perRoom + limits.perConnection) return { ok: false, code: CLOSE_CODES.rateLimited, reason: 'too many presence states in one frame' };
  const accepted: Entry[] = [];
  const claims: Entry[] = [];
  let dropped = 0;
  let newStates = 0;
  for (const entry of entries) {
    if (entry.json.byteLength > limits.maxStateBytes) return { ok: false, code: CLOSE_CODES.tooLarge, reason: `presence state over ${limits.maxStateBytes} bytes` };
    const owner = room.owners.get(entry.clientId);
    if (owner === holder) {
      accepted.push(entry);
    } else if (entry.clientId === room.relayClientId || entry.removes || (owner !== undefined && owner.principalKey !== holder.principalKey)) {
      // Someone else's id (a stock client's echo, or a forgery), or nobody's to remove: not this connection's to touch.
      dropped++;
    } else if (owner === undefined && room.stateCount + newStates >= limits.perRoom) {
      dropped++;
    } else {
      if (owner === undefined) newStates++;
      accepted.push(entry);
      claims.push(entry);
    }
  }
  // Only what will be applied is parsed (y-protocols parses it again; it is at most a few KiB).
  if (accepted.some((entry) => !entry.removes && !isJson(entry.json))) return { ok: false, code: CLOSE_CODES.badMessage, reason: 'bad awareness update' };
  if (holder.awarenessClients.size + claims.length > limits.perConnection) {
    return { ok: false, code: CLOSE_CODES.rateLimited, reason: `over ${limits.perConnection} presence states` };
  }
  for (const { clientId } of claims) {
    // Same principal reconnecting: the old connection lets go of the id.
    room.owners.get(clientId)?.awarenessClients.delete(clientId);
    room.owners.set(clientId, holder);
    holder.awarenessClients.add(clientId);
  }
  if (accepted.length === 0) return { ok: true, update: undefined, released: [], dropped };
  return {
    ok: true,
    update: accepted.length === entries.length ? update : encodeEntries(accepted),
    released: accepted.filter((entry) => entry.removes).map((entry) => entry.clientId),
    dropped,
  };
}

/** Let go of ids `holder` removed (or holds when it leaves); returns those it actually held. */
export function releasePresence(ids: Iterable<number>, holder: PresenceHolder, room: Pick<PresenceRoom, 'owners'>): number[] {
  const released: number[] = [];
  for (const id of ids) {
    if (room.owners.get(id) !== holder) continue;
    room.owners.delete(id);
    holder.awarenessClients.delete(id);
    released.push(id);
  }
  return released;
}
