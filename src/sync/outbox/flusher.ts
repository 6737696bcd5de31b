import { createValueStore } from '../../domain/value-store';
import type { FieldbookDB } from '../../db';
import type { ApiClient } from '../api-client';
import { readLastContact, writeLastContact } from '../last-contact';
import { createLoop } from '../loop';
import type { LoopTrigger, RunOutcome } from '../loop';
import { browserPlatform } from '../platform';
import type { Platform } from '../platform';
import { dexieOutboxQueue } from './dexie-outbox-queue';
import { drain } from './drain';
import type { DrainCounts } from './drain';
import { dexieRelayAcks } from './finish-gate';
import type { RelayAcks } from './finish-gate';
import type { OutboxQueue } from './outbox-queue';
import type { TransientError } from './send';
import { LAST_FLUSHED_KEY } from '../../protocol';

export { routeOf, SUPERSEDABLE } from './route';

export const FLUSHER_DEFAULTS = {
  /** Entries read per round; a flush keeps reading rounds until the queue is empty. */
  batchSize: 50,
  /** Safety net: flush every so often even when no trigger fired. */
  intervalMs: 20_000,
  baseBackoffMs: 1_000,
  maxBackoffMs: 60_000,
  /** A request that has not answered by then is abandoned and retried later (idempotent). */
  requestTimeoutMs: 30_000,
} as const;

export type FlushState = 'idle' | 'flushing' | 'waiting' | 'offline' | 'stopped';

export interface FlushStatus {
  readonly state: FlushState;
  /** The last flush that emptied the queue without a transient error, epoch ms. */
  readonly lastFlushedAt?: number;
  /** While `waiting`: when the next automatic attempt runs, epoch ms. */
  readonly retryAt?: number;
  /** The transient problem that put the flusher in `waiting`. */
  readonly error?: { readonly code: string; readonly message: string };
}

export interface FlushResult {
  readonly sent: number;
  readonly failed: number;
  readonly skipped: number;
}

/** Why a flush was asked for. Triggers that say the relay may be back skip the backoff wait. */
export type FlushTrigger = LoopTrigger | 'write' | 'reconnect';
const URGENT: ReadonlySet<FlushTrigger> = new Set<FlushTrigger>(['start', 'online', 'visible', 'reconnect', 'manual', 'retry']);

export interface FlusherOptions {
  readonly db: FieldbookDB;
  readonly api: Pick<ApiClient, 'put'>;
  /** After each flush that sent, failed or skipped something. */
  readonly onChange?: (result: FlushResult) => void;
  readonly intervalMs?: number;
  readonly batchSize?: number;
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly requestTimeoutMs?: number;
  readonly random?: () => number;
  /** Timers, clock and browser events (default: the browser's). */
  readonly platform?: Platform;
  /** The outbox (default: the Dexie outbox of `db`). */
  readonly queue?: OutboxQueue;
  /** The relay's acknowledgements of runs' docs for F1 (default: the markers in `db`). */
  readonly acks?: RelayAcks;
}

export interface Flusher {
  /** Flush now, then on 'online', on visible, after local writes, and every intervalMs. */
  readonly start: () => void;
  readonly stop: () => void;
  /**
   * Ask for a flush. Joins the one in flight (and runs once more after it). Automatic triggers
   * ('write', 'timer') wait out a backoff; the others try at once.
   */
  readonly flush: (trigger?: FlushTrigger) => Promise<void>;
  /** Put a failed entry back in the queue at its place, then flush. */
  readonly retry: (seq: number) => Promise<void>;
  /** Drop a failed entry the user gave up on (the screen confirms first). */
  readonly discard: (seq: number) => Promise<void>;
  readonly getStatus: () => FlushStatus;
  readonly subscribe: (listener: (status: FlushStatus) => void) => () => void;
}

/**
 * The outbox flusher: replays the queue to the relay as idempotent PUTs (drain.ts: send, the
 * supersede rule, the finish gate F1) on the one sync loop (loop.ts: single flight, backoff,
 * triggers), and says how it goes through a value store.
 */
export function createFlusher(options: FlusherOptions): Flusher {
  const { db, api } = options;
  const platform = options.platform ?? browserPlatform;
  const queue = options.queue ?? dexieOutboxQueue(db);
  const acks = options.acks ?? dexieRelayAcks(db);
  const ctx = {
    queue,
    acks,
    api,
    platform,
    batchSize: options.batchSize ?? FLUSHER_DEFAULTS.batchSize,
    requestTimeoutMs: options.requestTimeoutMs ?? FLUSHER_DEFAULTS.requestTimeoutMs,
  };
  const status = createValueStore<FlushStatus>({ state: 'idle' });
  let lastTransient: TransientError = { code: 'unreachable', message: 'The relay cannot be reached' };
  let counts: DrainCounts = { sent: 0, failed: 0, skipped: 0, held: 0 };
  let unwatch: (() => void)[] = [];

  // The last complete flush of an earlier page load, until this one flushes.
  void readLastContact(db, LAST_FLUSHED_KEY).then((at) => {
    if (at !== undefined && status.get().lastFlushedAt === undefined) status.set({ ...status.get(), lastFlushedAt: at });
  });
  const withLast = (state: FlushState, extra: Partial<FlushStatus> = {}): FlushStatus => {
    const { lastFlushedAt } = status.get();
    return { state, ...(lastFlushedAt !== undefined ? { lastFlushedAt } : {}), ...extra };
  };

  async function flushOnce(signal: AbortSignal): Promise<RunOutcome> {
    status.set(withLast('flushing'));
    const result: DrainCounts = { sent: 0, failed: 0, skipped: 0, held: 0 };
    counts = result;
    let outcome: RunOutcome;
    try {
      const drained = await drain(ctx, signal, result);
      if (drained.kind === 'transient') lastTransient = drained.error;
      outcome = drained.kind === 'drained' ? 'done' : drained.kind === 'transient' ? 'failed' : 'idle';
    } catch (error) {
      // IndexedDB itself failed: treat like a transient problem, the queue is intact.
      lastTransient = { code: 'storage', message: error instanceof Error ? error.message : String(error) };
      outcome = 'failed';
    }
    if (outcome === 'done') {
      const at = platform.now();
      status.set({ state: 'idle', lastFlushedAt: at });
      void writeLastContact(db, LAST_FLUSHED_KEY, at);
    } else if (outcome === 'idle') {
      status.set(withLast(loop.started ? 'idle' : 'stopped'));
    }
    const { sent, failed, skipped } = result;
    if (sent + failed + skipped > 0) options.onChange?.({ sent, failed, skipped });
    return outcome;
  }

  const loop = createLoop<FlushTrigger>({
    run: flushOnce,
    platform,
    backoff: {
      baseMs: options.baseBackoffMs ?? FLUSHER_DEFAULTS.baseBackoffMs,
      maxMs: options.maxBackoffMs ?? FLUSHER_DEFAULTS.maxBackoffMs,
      ...(options.random ? { random: options.random } : {}),
    },
    intervalMs: options.intervalMs ?? FLUSHER_DEFAULTS.intervalMs,
    urgent: URGENT,
    onWaiting: ({ retryAt }) => status.set(withLast(platform.online() ? 'waiting' : 'offline', { retryAt, error: lastTransient })),
    onOffline: () => status.set(withLast('offline')),
  });

  function watchTriggers(): (() => void)[] {
    // A local write adds an outbox entry in the same transaction: the pending count rises.
    let lastPending = -1;
    const offCounts = queue.watchCounts(({ pending }) => {
      // The first answer may already include writes made since start's flush began.
      if (pending > 0 && pending > lastPending) void loop.trigger('write');
      lastPending = pending;
    });
    // F1: when the relay acknowledges stored Yjs edits, a held-back finished run may go now.
    let lastSettled = -1;
    const offAcks = acks.watchSettled((settled) => {
      if (counts.held > 0 && settled !== lastSettled) void loop.trigger('write');
      lastSettled = settled;
    });
    return [offCounts, offAcks];
  }

  return {
    start() {
      if (loop.started) return;
      loop.start();
      if (status.get().state === 'stopped') status.set(withLast('idle'));
      unwatch = watchTriggers();
      void loop.trigger('start');
    },
    stop() {
      if (!loop.started) return;
      const running = loop.state === 'running';
      loop.stop();
      for (const off of unwatch.splice(0)) off();
      if (!running) status.set(withLast('stopped'));
    },
    flush: (trigger = 'manual') => loop.trigger(trigger),
    async retry(seq) {
      await queue.retry(seq);
      await loop.trigger('retry');
    },
    async discard(seq) {
      await queue.discard(seq);
    },
    getStatus: () => status.get(),
    subscribe: (listener) => status.subscribe(listener),
  };
}
