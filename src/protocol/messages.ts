/**
 * Websocket message types of `/yjs/<room>`: the y-websocket protocol (first varUint of every
 * frame) plus Fieldbook's two extensions, sent only to connections that opted in with `ack=1`
 * (sync-server/src/relay/SPEC.md R3, R6). The relay encodes and parses frames with these
 * (relay/protocol.ts); the client registers its handlers under the same numbers.
 */
export const MESSAGE = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /** Fieldbook extension: `[100, varUint8Array(stateVector)]`, the relay's durably stored state vector. */
  stored: 100,
  /**
   * Fieldbook extension: `[101]`, sent once to a read-only connection that opted in with
   * `ack=1` when it sends a sync step 2 or update: the relay drops them (R6), for good. What
   * the client has beyond the stored state vector (type 100) will never land.
   */
  writesRefused: 101,
} as const;

/** Sub-types of a `MESSAGE.sync` frame (y-protocols sync). */
export const SYNC = { step1: 0, step2: 1, update: 2 } as const;

