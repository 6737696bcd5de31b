/** The provider manager's options and named defaults (CONVENTIONS 9: one defaults object). */
import type { FieldbookDB } from '../../db';
import type { Platform } from '../platform';
import type { LoadedDoc } from './load-doc';
import type { RelayMarkerStore } from './relay-marker-store';

export const PROVIDER_DEFAULTS = {
  maxConcurrent: 4,
  /** y-websocket's reconnect backoff cap (its default 2.5 s is hard on a tablet's battery). */
  maxBackoffMs: 10_000,
  /** A background doc still pending this long after connecting is closed and tried again later. */
  backgroundTimeoutMs: 60_000,
  /** Wait before reopening a background doc that timed out. */
  stalledRetryMs: 5 * 60_000,
  /** Look for background work this often (besides outbox changes, 'online' and syncNow). */
  scanIntervalMs: 30_000,
  /** Persist the pending count of an attached doc at most this often while typing. */
  persistDebounceMs: 300,
} as const;

export interface ProviderManagerOptions {
  readonly db: FieldbookDB;
  /** Member token or share grant; a function so a new sign-in is picked up on reconnect. */
  readonly token: string | (() => string | null);
  /** Websocket base, e.g. `wss://relay.example/yjs`; the room `instance:<id>` is appended. */
  readonly baseUrl: string;
  /** This device's id, published in awareness so other devices can tell who is editing. */
  readonly device: string;
  readonly maxConcurrent?: number;
  /** The relay refused the token (4401). */
  readonly onSessionExpired?: () => void;
  /** Test seams. */
  readonly WebSocketPolyfill?: typeof WebSocket;
  readonly loadDoc?: (instanceId: string) => Promise<LoadedDoc>;
  readonly platform?: Platform;
  /** Where markers are kept; default the Dexie adapter on `db`. */
  readonly markerStore?: RelayMarkerStore;
  readonly backgroundTimeoutMs?: number;
}
