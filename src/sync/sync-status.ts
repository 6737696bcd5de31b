import { liveQuery } from 'dexie';
import { outboxCounts } from '../db';
import type { FieldbookDB } from '../db';
import { browserOnline, onBrowserEvents } from './backoff';
import type { Flusher, FlushStatus } from './flusher';
import type { LiveFeed, LiveStatus } from './live';
import type { InstanceSyncState, ProviderManager, ProviderManagerState } from './provider-types';
import type { Puller, PullStatus } from './puller';
import { readRelayMarkers, UNKNOWN_PENDING } from './relay-state';
import type { RelayMarker } from './relay-state';

export type SyncTone = 'saved' | 'waiting' | 'offline' | 'failed' | 'checking';

export interface SyncStatusState {
  /** The browser says it has a network. */
  readonly online: boolean;
  /** The relay answered lately (true), could not be reached (false), or not asked yet (null). */
  readonly relayReachable: boolean | null;
  /** Record writes not yet on the relay, and writes it refused; undefined until read. */
  readonly outbox: { readonly pending: number; readonly failed: number } | undefined;
  /**
   * Yjs changes not yet durably stored by the relay, over all instances (unknown ones count 1):
   * the provider manager's counts, or the stored markers (`relay.sv.*`) until it has loaded.
   */
  readonly docChanges: number;
  /** Per-instance detail, from the provider manager. */
  readonly instances: readonly InstanceSyncState[];
  /** Everything still waiting: outbox pending + doc changes. */
  readonly waiting: number;
  readonly lastPulledAt?: number;
  readonly lastFlushedAt?: number;
  readonly syncing: boolean;
  readonly sessionExpired: boolean;
  /** Counts are known: outbox read and the provider manager's markers loaded. */
  readonly known: boolean;
  /** One plain sentence for the header, and how it should look. */
  readonly summary: { readonly tone: SyncTone; readonly text: string };
}

export interface SyncStatusStore {
  readonly getState: () => SyncStatusState;
  readonly subscribe: (listener: () => void) => () => void;
  /** The provider manager loads lazily; plug it in when it is there. */
  readonly setProviders: (manager: ProviderManager) => void;
  readonly stop: () => void;
}

/**
 * Everything signing out would leave behind unsynced: record writes not yet sent, writes the
 * relay refused, and Yjs changes the relay has not stored.
 */
export const unsyncedChanges = (s: Pick<SyncStatusState, 'outbox' | 'docChanges'>): number =>
  (s.outbox?.pending ?? 0) + (s.outbox?.failed ?? 0) + s.docChanges;

/** Doc changes the stored markers report (an unknown count is at least one change). */
export function markerDocChanges(markers: Iterable<RelayMarker>): number {
  let sum = 0;
  for (const marker of markers) sum += marker.pending === UNKNOWN_PENDING ? 1 : Math.max(0, marker.pending);
  return sum;
}

const changes = (n: number): string => `${n} ${n === 1 ? 'change' : 'changes'}`;

/**
 * The header sentence. "All changes saved on the relay" only when nothing waits, nothing failed
 * and the relay itself confirmed it (reachable, every doc acknowledged) — never from socket state.
 */
export function describeSync(s: Omit<SyncStatusState, 'summary'>): SyncStatusState['summary'] {
  const failed = s.outbox?.failed ?? 0;
  if (failed > 0) return { tone: 'failed', text: `${changes(failed)} could not sync — review` };
  if (!s.online || s.relayReachable === false) return { tone: 'offline', text: 'Offline — changes are kept on this device' };
  if (s.waiting > 0) return { tone: 'waiting', text: `${changes(s.waiting)} waiting to sync` };
  if (s.known && s.relayReachable === true) return { tone: 'saved', text: 'All changes saved on the relay' };
  return { tone: 'checking', text: 'Checking sync…' };
}

export interface SyncStatusOptions {
  readonly db: FieldbookDB;
  readonly puller: Pick<Puller, 'getStatus' | 'subscribe'>;
  readonly flusher: Pick<Flusher, 'getStatus' | 'subscribe'>;
  readonly live?: Pick<LiveFeed, 'getStatus' | 'subscribe'>;
}

/** One store combining outbox counts, doc changes, network and relay reachability. */
export function createSyncStatus(options: SyncStatusOptions): SyncStatusStore {
  const listeners = new Set<() => void>();
  let outbox: SyncStatusState['outbox'];
  let providers: ProviderManagerState | null = null;
  /** From the stored markers, until the provider manager has loaded and read them itself. */
  let storedDocChanges = 0;
  let online = browserOnline();
  let state = compute();
  const cleanups: (() => void)[] = [];

  function reachable(pull: PullStatus, flush: FlushStatus, live: LiveStatus | undefined): boolean | null {
    // The most recent evidence wins; a failure of any channel while nothing succeeded says unreachable.
    if (flush.state === 'waiting' && flush.error?.code === 'unreachable') return false;
    if (pull.state === 'offline') return false;
    if (live?.state === 'open' || providers?.relayReachable === true) return true;
    if (flush.lastFlushedAt !== undefined || pull.lastPulledAt !== undefined) return true;
    if (providers?.relayReachable === false) return false;
    return null;
  }

  function compute(): SyncStatusState {
    const pull = options.puller.getStatus();
    const flush = options.flusher.getStatus();
    const live = options.live?.getStatus();
    const docChanges = providers?.ready === true ? providers.pending + providers.unknown : storedDocChanges;
    const base = {
      online,
      relayReachable: online ? reachable(pull, flush, live) : false,
      outbox,
      docChanges,
      instances: providers?.instances ?? [],
      waiting: (outbox?.pending ?? 0) + docChanges,
      ...(pull.lastPulledAt !== undefined ? { lastPulledAt: pull.lastPulledAt } : {}),
      ...(flush.lastFlushedAt !== undefined ? { lastFlushedAt: flush.lastFlushedAt } : {}),
      syncing: pull.state === 'pulling' || flush.state === 'flushing',
      sessionExpired: providers?.sessionExpired ?? false,
      known: outbox !== undefined && providers?.ready === true,
    };
    return { ...base, summary: describeSync(base) };
  }

  function update(): void {
    state = compute();
    for (const listener of listeners) listener();
  }

  cleanups.push(options.puller.subscribe(update), options.flusher.subscribe(update));
  if (options.live) cleanups.push(options.live.subscribe(update));
  cleanups.push(
    onBrowserEvents({
      online: () => {
        online = true;
        update();
      },
      offline: () => {
        online = false;
        update();
      },
    }),
  );
  const sub = liveQuery(() => outboxCounts(options.db)).subscribe({
    next: (counts) => {
      outbox = counts;
      update();
    },
    error: () => undefined,
  });
  cleanups.push(() => sub.unsubscribe());
  const markerSub = liveQuery(() => readRelayMarkers(options.db)).subscribe({
    next: (markers) => {
      storedDocChanges = markerDocChanges(markers.values());
      update();
    },
    error: () => undefined,
  });
  cleanups.push(() => markerSub.unsubscribe());

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setProviders(manager) {
      providers = manager.getState();
      cleanups.push(
        manager.subscribe((next) => {
          providers = next;
          // The manager keeps the markers now: the stored copy is no longer needed.
          if (next.ready) markerSub.unsubscribe();
          update();
        }),
      );
      update();
    },
    stop() {
      for (const cleanup of cleanups.splice(0)) cleanup();
      listeners.clear();
    },
  };
}
