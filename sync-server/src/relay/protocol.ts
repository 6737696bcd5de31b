/**
 * The y-websocket wire protocol as the relay speaks it, plus Fieldbook's two extensions
 * (`MESSAGE.stored`, `MESSAGE.writesRefused`). Every incoming frame is parsed exactly once here
 * into a typed message; the core never touches raw bytes (CONVENTIONS 4). Outgoing frames are encoded once and the
 * same buffer goes to every receiving connection.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { isValidRoomName, MESSAGE, SYNC, TRANSIENT_CLOSE } from '../../../src/protocol';

// The message types, sync sub-types, room names and transient close codes are the wire shared
// with the client (src/protocol); re-exported so the relay's files keep one import.
export { isValidRoomName, MESSAGE, SYNC, TRANSIENT_CLOSE };

export type IncomingMessage =
  | { readonly kind: 'sync-step1'; readonly stateVector: Uint8Array }
  /** Sync step 2 and update carry the same payload: a Yjs update. */
  | { readonly kind: 'sync-update'; readonly step: 'step2' | 'update'; readonly update: Uint8Array }
  | { readonly kind: 'awareness'; readonly update: Uint8Array }
  | { readonly kind: 'query-awareness' };

export type ParseResult = { readonly ok: true; readonly message: IncomingMessage } | { readonly ok: false; readonly reason: string };

/**
 * Parse one client frame. Refuses unknown types, truncation and trailing bytes; the payload
 * (update, state vector, awareness) is validated later by whoever applies it.
 */
export function parseFrame(frame: Uint8Array): ParseResult {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    let message: IncomingMessage;
    if (type === MESSAGE.sync) {
      const sub = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (sub === SYNC.step1) message = { kind: 'sync-step1', stateVector: payload };
      else if (sub === SYNC.step2) message = { kind: 'sync-update', step: 'step2', update: payload };
      else if (sub === SYNC.update) message = { kind: 'sync-update', step: 'update', update: payload };
      else return { ok: false, reason: `unknown sync message type ${sub}` };
    } else if (type === MESSAGE.awareness) {
      message = { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
    } else if (type === MESSAGE.queryAwareness) {
      message = { kind: 'query-awareness' };
    } else {
      return { ok: false, reason: `unknown message type ${type}` };
    }
    if (decoding.hasContent(decoder)) return { ok: false, reason: 'trailing bytes after message' };
    return { ok: true, message };
  } catch {
    return { ok: false, reason: 'truncated or malformed frame' };
  }
}

function frame(type: number, sub: number | undefined, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  if (sub !== undefined) encoding.writeVarUint(encoder, sub);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array => frame(MESSAGE.sync, SYNC.step1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array): Uint8Array => frame(MESSAGE.sync, SYNC.step2, update);
export const encodeUpdate = (update: Uint8Array): Uint8Array => frame(MESSAGE.sync, SYNC.update, update);
export const encodeAwareness = (update: Uint8Array): Uint8Array => frame(MESSAGE.awareness, undefined, update);
export const encodeStored = (stateVector: Uint8Array): Uint8Array => frame(MESSAGE.stored, undefined, stateVector);
export const encodeWritesRefused = (): Uint8Array => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.writesRefused);
  return encoding.toUint8Array(encoder);
};

/** Decode a `MESSAGE.stored` frame (for clients and tests); undefined if it is not one. */
export function decodeStored(bytes: Uint8Array): Uint8Array | undefined {
  try {
    const decoder = decoding.createDecoder(bytes);
    if (decoding.readVarUint(decoder) !== MESSAGE.stored) return undefined;
    return decoding.readVarUint8Array(decoder);
  } catch {
    return undefined;
  }
}

