import { liveQuery } from 'dexie';
import { outboxCounts, pendingRecordChanges } from '../db';
import type { FieldbookDB, PendingRecordChanges } from '../db';
import { createValueStore } from '../domain/value-store';
import type { LiveFeed, LiveStatus } from './live';
import type { Flusher, FlushStatus } from './outbox/flusher';
import type { FileSync } from './file-sync';
import { browserPlatform } from './platform';
import type { Platform } from './platform';
import type { InstanceSyncState, ProviderManager, ProviderManagerState } from './docs/provider-types';
import type { Puller, PullStatus } from './puller';
import { isUnresolvedNotAccepted, UNKNOWN_PENDING } from './docs/relay-marker';
import type { RelayMarker } from './docs/relay-marker';
import { readRelayMarkers } from './docs/relay-marker-store';
import { describeBytes } from '../domain';

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
  /**
   * Everything still waiting, counted as a person would: one per tap, note or other write. A
   * tap changes a run's doc and writes its record; it counts once (`countChanges`).
   */
  readonly waiting: number;
  /** Run changes the relay will never take (the run was finished elsewhere), not yet copied or discarded. */
  readonly notAccepted: number;
  /**
   * Photos, files and signatures the relay does not hold yet (count and bytes), and those it
   * refused (kept on the device). A run is on the relay only when its files are too.
   */
  readonly files: { readonly pending: number; readonly bytes: number; readonly refused: number };
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
export const unsyncedChanges = (s: Pick<SyncStatusState, 'outbox' | 'waiting' | 'notAccepted'> & { readonly files?: SyncStatusState['files'] }): number =>
  s.waiting + (s.outbox?.failed ?? 0) + s.notAccepted + (s.files?.pending ?? 0) + (s.files?.refused ?? 0);

/**
 * What a person would call changes: per run, the larger of its doc changes (one struct per tap
 * or note save, completion SPEC R16) and its pending record writes (one per write made
 * together) — a tap makes one of each, and is one change; a start or finish writes records
 * only. Plus the writes that are about no run. An unknown doc count (-1) is at least one.
 */
export function countChanges(records: PendingRecordChanges | undefined, docs: ReadonlyMap<string, number>): number {
  let total = records?.other ?? 0;
  const ids = new Set([...(records?.runs.keys() ?? []), ...docs.keys()]);
  for (const id of ids) {
    const doc = docs.get(id) ?? 0;
    total += Math.max(records?.runs.get(id) ?? 0, doc === UNKNOWN_PENDING ? 1 : Math.max(0, doc));
  }
  return total;
}

/** Doc changes the stored markers report (an unknown count is at least one change). */
export function markerDocChanges(pending: Iterable<number>): number {
  let sum = 0;
  for (const n of pending) sum += n === UNKNOWN_PENDING ? 1 : Math.max(0, n);
  return sum;
}

const changes = (n: number): string => `${n} ${n === 1 ? 'change' : 'changes'}`;

/** "1 file, 2.4 MB", "3 files, 310 KB". */
export function describeFiles(count: number, bytes: number): string {
  return `${count} ${count === 1 ? 'file' : 'files'}, ${describeBytes(bytes)}`;
}

/**
 * The header sentence. "All changes saved on the relay" only when nothing waits, nothing failed
 * and the relay itself confirmed it (reachable, every doc acknowledged) — never from socket state.
 */
export function describeSync(s: Omit<SyncStatusState, 'summary'>): SyncStatusState['summary'] {
  const failed = (s.outbox?.failed ?? 0) + s.notAccepted;
  if (failed > 0) return { tone: 'failed', text: `${changes(failed)} could not sync — review` };
  if (s.files.refused > 0) return { tone: 'failed', text: `${s.files.refused} ${s.files.refused === 1 ? 'file' : 'files'} refused by the relay — review` };
  const files = s.files.pending > 0 ? describeFiles(s.files.pending, s.files.bytes) : '';
  const kept = [s.waiting > 0 ? changes(s.waiting) : '', files].filter(Boolean).join(' and ');
  if (!s.online || s.relayReachable === false) {
    return { tone: 'offline', text: kept !== '' ? `Offline — ${kept} kept on this device` : 'Offline — nothing waiting to sync' };
  }
  if (kept !== '') return { tone: 'waiting', text: `${kept} waiting to sync` };
  if (s.known && s.relayReachable === true) return { tone: 'saved', text: 'All changes saved on the relay' };
  return { tone: 'checking', text: 'Checking sync…' };
}

export interface SyncStatusOptions {
  readonly db: FieldbookDB;
  readonly puller: Pick<Puller, 'getStatus' | 'subscribe'>;
  readonly flusher: Pick<Flusher, 'getStatus' | 'subscribe'>;
  readonly live?: Pick<LiveFeed, 'getStatus' | 'subscribe'>;
  readonly files?: Pick<FileSync, 'getState' | 'subscribe'>;
  /** Connectivity and its events (default: the browser's). */
  readonly platform?: Platform;
}

/** One store combining outbox counts, doc changes, network and relay reachability. */
export function createSyncStatus(options: SyncStatusOptions): SyncStatusStore {
  const platform = options.platform ?? browserPlatform;
  let outbox: SyncStatusState['outbox'];
  let providers: ProviderManagerState | null = null;
  /** From the stored markers, until the provider manager has loaded and read them itself. */
  let storedMarkers: Map<string, RelayMarker> = new Map();
  let records: PendingRecordChanges | undefined;
  let online = platform.online();
  const state = createValueStore(compute());
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

  function filesOf(): SyncStatusState['files'] {
    const f = options.files?.getState();
    return { pending: f?.pending?.count ?? 0, bytes: f?.pending?.bytes ?? 0, refused: f?.refused.length ?? 0 };
  }

  function compute(): SyncStatusState {
    const pull = options.puller.getStatus();
    const flush = options.flusher.getStatus();
    const live = options.live?.getStatus();
    const fromManager = providers?.ready === true ? providers : null;
    const docs = new Map<string, number>();
    let notAccepted = 0;
    if (fromManager) {
      for (const i of fromManager.instances) if (i.notAccepted === undefined) docs.set(i.instanceId, i.pending);
      notAccepted = fromManager.notAccepted;
    } else {
      for (const [id, marker] of storedMarkers) {
        if (isUnresolvedNotAccepted(marker)) notAccepted += Math.max(1, marker.pending);
        else if (marker.notAccepted === undefined) docs.set(id, marker.pending);
      }
    }
    const docChanges = fromManager ? fromManager.pending + fromManager.unknown : markerDocChanges(docs.values());
    const base = {
      online,
      relayReachable: online ? reachable(pull, flush, live) : false,
      outbox,
      docChanges,
      instances: providers?.instances ?? [],
      waiting: countChanges(records, docs),
      notAccepted,
      files: filesOf(),
      ...(pull.lastPulledAt !== undefined ? { lastPulledAt: pull.lastPulledAt } : {}),
      ...(flush.lastFlushedAt !== undefined ? { lastFlushedAt: flush.lastFlushedAt } : {}),
      syncing: pull.state === 'pulling' || flush.state === 'flushing',
      sessionExpired: providers?.sessionExpired ?? false,
      known: outbox !== undefined && providers?.ready === true,
    };
    return { ...base, summary: describeSync(base) };
  }

  // Every input change recomputes; the store tells the subscribers (even a React one that throws
  // cannot stop the others).
  // After stop nothing is told any more (the subscribers may be gone with their screen).
  let stopped = false;
  const update = (): void => {
    if (!stopped) state.set(compute());
  };

  cleanups.push(options.puller.subscribe(update), options.flusher.subscribe(update));
  if (options.live) cleanups.push(options.live.subscribe(update));
  if (options.files) cleanups.push(options.files.subscribe(update));
  cleanups.push(
    platform.listen({
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
  const sub = liveQuery(() => Promise.all([outboxCounts(options.db), pendingRecordChanges(options.db)])).subscribe({
    next: ([counts, byRun]) => {
      outbox = counts;
      records = byRun;
      update();
    },
    error: () => undefined,
  });
  cleanups.push(() => sub.unsubscribe());
  const markerSub = liveQuery(() => readRelayMarkers(options.db)).subscribe({
    next: (markers) => {
      storedMarkers = markers;
      update();
    },
    error: () => undefined,
  });
  cleanups.push(() => markerSub.unsubscribe());

  return {
    getState: () => state.get(),
    subscribe: (listener) => state.subscribe(() => listener()),
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
      stopped = true;
    },
  };
}
