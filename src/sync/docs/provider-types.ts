import type * as Y from 'yjs';
import type { NotAccepted } from './relay-marker';

/** Sync state of one instance doc, for the status bar, the sync screen and the runner. */
export interface InstanceSyncState {
  readonly instanceId: string;
  /**
   * Changes in this device's copy that the relay has not durably stored yet (structs beyond the
   * relay's stored state vector); -1 when unknown until the doc is opened.
   */
  readonly pending: number;
  /** `attached`: on screen (the runner's doc); `background`: opened to push pending changes; `idle`: not open. */
  readonly mode: 'attached' | 'background' | 'idle';
  readonly connection: 'waiting-for-record' | 'connecting' | 'connected' | 'offline' | 'refused' | 'closed';
  /** The relay closed the room for good (4400–4499) and why. */
  readonly refused?: { readonly code: number; readonly reason: string };
  /**
   * The relay holds this run read-only (finished on another device) and dropped this device's
   * changes (`pending`): they stay here, readable, until copied into a new run or discarded.
   */
  readonly notAccepted?: NotAccepted;
  /** When the relay last acknowledged storing this doc, epoch ms. */
  readonly acknowledgedAt?: number;
}

export interface ProviderManagerState {
  /** Instances that are open, have pending changes, or were refused. */
  readonly instances: readonly InstanceSyncState[];
  /** Changes the relay will never take (see `notAccepted`), not yet copied or discarded. */
  readonly notAccepted: number;
  /** Sum of known pending changes over all instances (those not accepted left out). */
  readonly pending: number;
  /** Instances whose pending count is unknown (edited while not measured): at least one change each. */
  readonly unknown: number;
  /** Whether a websocket to the relay last connected (true) or failed (false); null before any try. */
  readonly relayReachable: boolean | null;
  /** The relay refused the token (4401): sign in again. */
  readonly sessionExpired: boolean;
  /** The stored markers have been read (before that, counts are not yet known). */
  readonly ready: boolean;
}

/**
 * The provider manager (provider-manager.ts). What the runner calls:
 *
 * - `attach(instanceId, doc)` once its doc is open — after `openInstance` resolved, i.e. after
 *   y-indexeddb has fully loaded it (the provider must never sync a half-loaded doc). The
 *   manager connects it to the relay (room `instance:<id>`) as soon as the relay can know the
 *   room, and keeps the pending count of the doc. Calling it again with the same doc is a no-op.
 * - `attach(instanceId, doc, {readOnly: true})` for a run the user may only read (someone
 *   else's, opened for review): it is kept up to date from the relay, but nothing about it is
 *   counted as pending or stored in kv (completion SPEC R19).
 * - `detach(instanceId)` before `closeInstance` destroys the doc. If changes are still pending,
 *   the manager reopens the doc in the background and closes it once the relay stored them.
 */
export interface AttachOptions {
  readonly readOnly?: boolean;
}

export interface ProviderManager {
  attach(instanceId: string, doc: Y.Doc, options?: AttachOptions): void;
  detach(instanceId: string): void;
  /** Forget a permanent refusal of this instance and try again. */
  retry(instanceId: string): void;
  /** The user copied the not-accepted changes of this run into a new one, or discarded them. */
  resolveNotAccepted(instanceId: string, how: 'copied' | 'discarded', copyId?: string): void;
  /** Reconnect now and look for background work (the "Sync now" button). */
  syncNow(): void;
  /** A new sign-in replaced an expired token: connect again. */
  resumeSession(): void;
  getState(): ProviderManagerState;
  subscribe(listener: (state: ProviderManagerState) => void): () => void;
  /** Close every provider and background doc (sign-out). Attached docs stay the runner's. */
  stop(): Promise<void>;
}
