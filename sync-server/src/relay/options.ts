/** Types of the relay's hooks and its named defaults (CONVENTIONS 5, 9: one defaults object). */
import type { PresenceLimits } from './presence';
import type { RelayClock } from './clock';
import { WS_PATH } from '../../../src/protocol';

export type Access = 'read-write' | 'read-only';

export interface Principal {
  readonly id: string;
  readonly kind: 'user' | 'session';
  /** For share-link sessions: the link the grant came from, so revocation can find its sockets. */
  readonly shareLinkId?: string;
  /** For members: when the token the socket was opened with expires (epoch ms); the server's sweep closes it then (4401). */
  readonly expiresAt?: number;
}

export type Authorization =
  | { readonly ok: true; readonly principal: Principal; readonly access: Access }
  | { readonly ok: false; readonly code: number; readonly reason: string };

export interface AuthorizeRequest {
  readonly room: string;
  /** The `?token=` of the websocket URL. Never log it. */
  readonly token: string | undefined;
}

/** Persistence port: a room's log of Yjs updates. See sqlite-store.ts and memory-store.ts. */
export interface RoomStore {
  /** Every stored update of the room in append order ([] for an unknown room). */
  loadRoom(room: string): Promise<Uint8Array[]> | Uint8Array[];
  /** Durable once the returned promise (or the call) completes. */
  appendUpdate(room: string, update: Uint8Array): Promise<void> | void;
  /** Optional batch form: all or nothing, durable on completion. Preferred when present. */
  appendUpdates?(room: string, updates: readonly Uint8Array[]): Promise<void> | void;
  /** Replace the room's whole log with one update holding `state`, atomically. */
  compactRoom(room: string, state: Uint8Array): Promise<void> | void;
  /**
   * Move a stored update that does not load out of the room's log into its quarantine, atomically
   * (SPEC R17): later loads no longer see it, compaction cannot delete it, an operator can.
   */
  quarantineUpdate?(room: string, update: Uint8Array, reason: string): Promise<void> | void;
  /** How many updates of the room are in quarantine; while any are, the room is never compacted. */
  quarantinedUpdates?(room: string): Promise<number> | number;
}

export interface RelayHooks extends RoomStore {
  authorize(request: AuthorizeRequest): Promise<Authorization>;
  /** Called after each durable store with the stored state vector (after acks went out). */
  onStored?(room: string, stateVector: Uint8Array): void;
}

/** pino-compatible: the lead can pass Fastify's `app.log`. */
export interface RelayLogger {
  /** Routine events (a connection joined); optional, dropped when absent. */
  debug?(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface RelaySettings {
  /** URL prefix the shell serves: `<path><room>`. */
  readonly path: string;
  /** Frames above this close the socket with 4413. */
  readonly maxFrameBytes: number;
  /**
   * `ws` stops reading a frame above this and closes with 1009 itself (it cannot send 4413);
   * between maxFrameBytes and this the relay closes with 4413.
   */
  readonly hardFrameBytes: number;
  /** Compact a room once its log holds this many rows... */
  readonly compactAfterUpdates: number;
  /** ...after this much quiet... */
  readonly compactDebounceMs: number;
  /** ...but no later than this after the threshold was crossed. */
  readonly compactMaxDebounceMs: number;
  /** A room with no connections is dropped from memory after this (its state is already stored). */
  readonly evictIdleRoomAfterMs: number;
  /** Per-connection token bucket: sustained frames per second and burst size; over it: 4429. */
  readonly rateLimit: { readonly messagesPerSecond: number; readonly burst: number };
  /** Relay presence (awareness) between the connections of a room. */
  readonly awareness: boolean;
  /** A connection whose unsent output exceeds this is dropped (slow consumer); it reconnects. */
  readonly maxBufferedBytes: number;
  /** The shell pings every socket this often and drops those that missed the previous pong. */
  readonly pingIntervalMs: number;
  /** Wait before retrying a failed store; unstored updates stay in memory meanwhile. */
  readonly storeRetryMs: number;
  /** `close()` gives up on a store that keeps failing after this (and logs what was lost). */
  readonly shutdownStoreTimeoutMs: number;
  /**
   * How the shell refuses a connection: 'http' answers the upgrade with 401/403/404/...;
   * 'close' completes the upgrade and closes with the 44xx code, which browsers can see
   * (a failed handshake reaches browser code only as close code 1006, which clients retry).
   */
  readonly refuseWith: 'http' | 'close';
  /**
   * After the relay closes a socket (refusal or 44xx), it stops reading it and terminates it
   * this long after, whether or not the client answered the close (ws alone waits 30 s).
   */
  readonly closeGraceMs: number;
  /**
   * Websocket upgrades (SPEC R15), checked before authorization and answered before the
   * handshake: open sockets per client address and upgrade attempts per address (token bucket),
   * HTTP 429; open sockets in all, HTTP 503. `false`: no limits (benchmarks opening thousands of
   * sockets from one address).
   */
  readonly connections: ConnectionLimits | false;
  /**
   * A room's size (bytes of its log since the last compaction, i.e. at least its encoded
   * state); an update that would take it past this closes the sender with 4413. 0: no cap.
   */
  readonly maxRoomBytes: number;
  /**
   * Per-connection cost budgets (token buckets; over either: 4429). Bytes of received frames,
   * and CPU milliseconds spent handling them (each frame is timed: apply, answers, broadcast
   * encoding). `false` turns both off (benchmarks compare fan-out with and without).
   */
  readonly budgets:
    | { readonly bytesPerSecond: number; readonly burstBytes: number; readonly cpuMsPerSecond: number; readonly burstCpuMs: number }
    | false;
  /**
   * A connection gets at most one sync step 2 answer per this interval (SPEC R18): further sync
   * step 1 frames within it are answered once, when it ends. 0: every one is answered at once.
   */
  readonly syncAnswerIntervalMs: number;
  /** Presence caps (SPEC R19). */
  readonly presence: PresenceLimits;
}

export interface ConnectionLimits {
  /** Open websockets (and upgrades being authorized) per client address (`TRUST_PROXY` decides the address). */
  readonly perAddress: number;
  /** Upgrade attempts per client address: sustained per second, and burst. */
  readonly attemptsPerSecond: number;
  readonly attemptBurst: number;
  /** Open websockets in all. */
  readonly total: number;
}

export const RELAY_DEFAULTS: RelaySettings = Object.freeze({
  path: `${WS_PATH}/`,
  maxFrameBytes: 1024 * 1024,
  hardFrameBytes: 4 * 1024 * 1024,
  compactAfterUpdates: 500,
  compactDebounceMs: 2_000,
  compactMaxDebounceMs: 10_000,
  evictIdleRoomAfterMs: 30_000,
  rateLimit: Object.freeze({ messagesPerSecond: 100, burst: 200 }),
  awareness: true,
  maxBufferedBytes: 16 * 1024 * 1024,
  pingIntervalMs: 30_000,
  storeRetryMs: 1_000,
  shutdownStoreTimeoutMs: 10_000,
  refuseWith: 'http',
  closeGraceMs: 1_000,
  connections: Object.freeze({ perAddress: 50, attemptsPerSecond: 20, attemptBurst: 50, total: 5_000 }),
  maxRoomBytes: 8 * 1024 * 1024,
  budgets: Object.freeze({ bytesPerSecond: 256 * 1024, burstBytes: 4 * 1024 * 1024, cpuMsPerSecond: 50, burstCpuMs: 400 }),
  syncAnswerIntervalMs: 5_000,
  presence: Object.freeze({ perConnection: 4, perRoom: 256, maxStateBytes: 1024, queryIntervalMs: 1_000 }),
});

export interface RelayOptions extends Partial<RelaySettings> {
  readonly logger?: RelayLogger;
  /** Monotonic milliseconds; injectable for rate-limit tests (shorthand for `clock.now`). */
  readonly now?: () => number;
  /** Time and timers of the core (clock.ts); the system clock by default. */
  readonly clock?: Partial<RelayClock>;
}

const write = (level: string) => (fields: object, message: string): void => {
  console.error(`[relay] ${level} ${message} ${JSON.stringify(fields)}`);
};

/** Default logger: warnings and errors to stderr, info dropped. */
export const stderrLogger: RelayLogger = { info: () => {}, warn: write('warn'), error: write('error') };
export const silentLogger: RelayLogger = { info: () => {}, warn: () => {}, error: () => {} };
