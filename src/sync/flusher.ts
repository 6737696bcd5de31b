import { liveQuery } from 'dexie';
import { discardFailed, kvGet, markFailed, markSent, outboxCounts, pendingOutbox, retryFailed } from '../db';
import { isFinished } from '../domain';
import type { Instance } from '../domain';
import { recordRoute, SUPERSEDABLE_KINDS } from '../records';
import type { FieldbookDB, OutboxEntry, RecordKind } from '../db';
import type { ApiClient } from './api-client';
import { isApiRequestError, isOfflineError } from './api-client';
import { backoffDelay, browserOnline, onBrowserEvents, realTimers } from './backoff';
import type { Timers } from './backoff';
import { relayKey, relayMarkerSchema, RELAY_SV_PREFIX } from './relay-state';
import { LAST_FLUSHED_KEY, readLastContact, writeLastContact } from './last-contact';

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

/** Kinds whose later outbox entry carries everything an earlier one did, so the earlier one need not be sent (`src/records`). */
const SUPERSEDABLE: ReadonlySet<RecordKind> = SUPERSEDABLE_KINDS;

/** The relay route of an entry: one idempotent PUT keyed by the client-made id (`src/records`). */
export function routeOf(entry: Pick<OutboxEntry, 'kind' | 'recordId' | 'value'>): string {
  return recordRoute(entry.kind, entry.recordId, entry.value);
}

/** 401 (sign in again), 408 (timeout) and 429 (slow down) are worth retrying; other 4xx are the relay's final word. */
const isRejection = (status: number): boolean => status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 429;

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
export type FlushTrigger = 'start' | 'online' | 'visible' | 'write' | 'reconnect' | 'timer' | 'manual' | 'retry';
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
  readonly timers?: Timers;
  readonly now?: () => number;
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

type Outcome = 'drained' | 'transient' | 'aborted';
interface FlushCounts {
  sent: number;
  failed: number;
  skipped: number;
}

/** The record as it stood before it was finished: what the relay may see while the doc syncs. */
function unfinishedView(instance: Instance): Instance {
  const { completedAt: _c, submittedAt: _s, abandonedAt: _a, abandonReason: _r, ...rest } = instance;
  return { ...rest, status: 'in_progress' };
}

export function createFlusher(options: FlusherOptions): Flusher {
  const { db, api } = options;
  const timers = options.timers ?? realTimers;
  const now = options.now ?? Date.now;
  const batchSize = options.batchSize ?? FLUSHER_DEFAULTS.batchSize;
  const intervalMs = options.intervalMs ?? FLUSHER_DEFAULTS.intervalMs;
  const backoff = {
    baseMs: options.baseBackoffMs ?? FLUSHER_DEFAULTS.baseBackoffMs,
    maxMs: options.maxBackoffMs ?? FLUSHER_DEFAULTS.maxBackoffMs,
    ...(options.random ? { random: options.random } : {}),
  };
  const requestTimeoutMs = options.requestTimeoutMs ?? FLUSHER_DEFAULTS.requestTimeoutMs;
  const listeners = new Set<(status: FlushStatus) => void>();

  let status: FlushStatus = { state: 'idle' };
  let inFlight: Promise<void> | null = null;
  let again: FlushTrigger | null = null;
  let failures = 0;
  let retryTimer: unknown = null;
  let intervalTimer: unknown = null;
  let abort: AbortController | null = null;
  let started = false;
  let unlisten: (() => void) | null = null;
  let outboxSubscription: { unsubscribe(): void } | null = null;
  let markerSubscription: { unsubscribe(): void } | null = null;

  const setStatus = (next: FlushStatus): void => {
    status = next;
    for (const listener of listeners) listener(status);
  };
  // The last complete flush of an earlier page load, until this one flushes.
  void readLastContact(db, LAST_FLUSHED_KEY).then((at) => {
    if (at !== undefined && status.lastFlushedAt === undefined) setStatus({ ...status, lastFlushedAt: at });
  });
  const withLast = (state: FlushState, extra: Partial<FlushStatus> = {}): FlushStatus => ({
    state,
    ...(status.lastFlushedAt !== undefined ? { lastFlushedAt: status.lastFlushedAt } : {}),
    ...extra,
  });

  /** Send one entry. Returns 'transient' when the flush must stop and back off. */
  async function sendOne(entry: OutboxEntry & { seq: number }, signal: AbortSignal, result: FlushCounts): Promise<'ok' | 'transient' | 'held'> {
    if (SUPERSEDABLE.has(entry.kind)) {
      const newer = await db.outbox
        .where('[kind+recordId]')
        .equals([entry.kind, entry.recordId])
        .filter((e) => e.state === 'pending' && (e.seq ?? 0) > entry.seq)
        .toArray();
      const latest = newer.at(-1);
      if (latest !== undefined) {
        // The newest write carries everything this one did, but it is sent HERE, in this
        // entry's place, so records queued after this one (e.g. the run's started event)
        // still reach a relay that already has the record. A finished run goes as its
        // unfinished view (F1); its own entry sends the finished record when allowed.
        const value = entry.kind === 'instance' && isFinished((latest.value as Instance).status) ? unfinishedView(latest.value as Instance) : latest.value;
        const outcome = await put(value, entry, signal, result, true);
        if (outcome === 'ok') result.skipped += 1;
        return outcome;
      }
    }
    const hold = await holdBack(entry);
    if (hold === 'held') return 'held';
    if (hold === 'announce') {
      const announced = await put(unfinishedView(entry.value as Instance), entry, signal, result, false);
      if (announced !== 'ok') return announced;
      await db.outbox.update(entry.seq, { announced: true });
      return 'held';
    }
    return put(entry.value, entry, signal, result, true);
  }

  /**
   * F1: a finished instance must not reach the relay before the relay has stored the run's Yjs
   * edits: the relay makes a finished run's room read-only, and edits it has not stored would
   * then stay on this device forever. So the finished record waits until the relay has
   * acknowledged the doc (its stored state vector covers ours). When the relay has never
   * heard of the room, the unfinished view of the record goes first so the room exists.
   */
  async function holdBack(entry: OutboxEntry & { seq: number }): Promise<'send' | 'held' | 'announce'> {
    if (entry.kind !== 'instance' || !isFinished((entry.value as Instance).status)) return 'send';
    const marker = await kvGet(db, relayKey(entry.recordId), relayMarkerSchema);
    const relayKnowsRoom = (marker !== undefined && marker.stateVector !== '') || entry.announced === true;
    if (!relayKnowsRoom) return 'announce';
    // The run was finished elsewhere and the relay refused this doc's edits (type 101): holding
    // the record back cannot help them land; they are kept and shown as not accepted.
    if (marker?.notAccepted !== undefined) return 'send';
    return marker?.pending === 0 ? 'send' : 'held';
  }

  /** PUT `value` on the entry's route; `completes` says whether success settles the entry. */
  async function put(value: unknown, entry: OutboxEntry & { seq: number }, signal: AbortSignal, result: FlushCounts, completes: boolean): Promise<'ok' | 'transient'> {
    const timeout = new AbortController();
    const onAbort = (): void => timeout.abort();
    signal.addEventListener('abort', onAbort);
    const timer = timers.set(() => timeout.abort(), requestTimeoutMs);
    try {
      await api.put(routeOf(entry), value, timeout.signal);
      if (!completes) return 'ok';
      await markSent(db, entry.seq);
      result.sent += 1;
      return 'ok';
    } catch (error) {
      if (isApiRequestError(error) && isRejection(error.status)) {
        await markFailed(db, entry.seq, { status: error.status, code: error.code, message: error.message });
        result.failed += 1;
        return 'ok';
      }
      lastTransient = describeTransient(error);
      return 'transient';
    } finally {
      timers.clear(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }

  let lastTransient: { code: string; message: string } = { code: 'unreachable', message: 'The relay cannot be reached' };

  async function drain(signal: AbortSignal, result: FlushCounts): Promise<Outcome> {
    let after: number | undefined;
    held = 0;
    for (;;) {
      const batch = await pendingOutbox(db, batchSize, after);
      if (batch.length === 0) return 'drained';
      for (const entry of batch) {
        if (signal.aborted) return 'aborted';
        if (entry.seq === undefined) continue;
        after = entry.seq;
        const outcome = await sendOne(entry as OutboxEntry & { seq: number }, signal, result);
        if (signal.aborted) return 'aborted';
        if (outcome === 'transient') return 'transient';
        if (outcome === 'held') held += 1;
      }
    }
  }

  /** Finished instances held back by F1 in the last flush; when the relay stores more, flush again. */
  let held = 0;

  function scheduleRetry(): void {
    failures += 1;
    const delay = backoffDelay(failures, backoff);
    const retryAt = now() + delay;
    if (retryTimer !== null) timers.clear(retryTimer);
    retryTimer = timers.set(() => {
      retryTimer = null;
      void flushNow('retry');
    }, delay);
    setStatus(withLast(browserOnline() ? 'waiting' : 'offline', { retryAt, error: lastTransient }));
  }

  async function flushOnce(signal: AbortSignal): Promise<void> {
    setStatus(withLast('flushing'));
    const result = { sent: 0, failed: 0, skipped: 0 };
    let outcome: Outcome;
    try {
      outcome = await drain(signal, result);
    } catch (error) {
      // IndexedDB itself failed: treat like a transient problem, the queue is intact.
      lastTransient = { code: 'storage', message: error instanceof Error ? error.message : String(error) };
      outcome = 'transient';
    }
    if (outcome === 'drained') {
      failures = 0;
      const at = now();
      setStatus({ state: 'idle', lastFlushedAt: at });
      void writeLastContact(db, LAST_FLUSHED_KEY, at);
    } else if (outcome === 'transient') {
      scheduleRetry();
    } else {
      setStatus(withLast(started ? 'idle' : 'stopped'));
    }
    if (result.sent + result.failed + result.skipped > 0) options.onChange?.(result);
  }

  function flushNow(trigger: FlushTrigger): Promise<void> {
    if (inFlight) {
      again = again === null || URGENT.has(trigger) ? trigger : again;
      return inFlight;
    }
    if (status.state === 'waiting' || status.state === 'offline') {
      if (!URGENT.has(trigger)) return Promise.resolve();
    }
    if (retryTimer !== null) {
      timers.clear(retryTimer);
      retryTimer = null;
    }
    const controller = new AbortController();
    abort = controller;
    inFlight = (async () => {
      try {
        let next: FlushTrigger | null = trigger;
        while (next !== null && !controller.signal.aborted) {
          again = null;
          await flushOnce(controller.signal);
          next = again;
          // After a transient failure only an urgent trigger may cut the backoff short.
          if (next !== null && status.state !== 'idle' && !URGENT.has(next)) next = null;
        }
      } finally {
        inFlight = null;
        if (abort === controller) abort = null;
      }
    })();
    return inFlight;
  }

  return {
    start() {
      if (started) return;
      started = true;
      if (status.state === 'stopped') setStatus(withLast('idle'));
      unlisten = onBrowserEvents({
        online: () => void flushNow('online'),
        visible: () => void flushNow('visible'),
        offline: () => {
          if (!inFlight && status.state !== 'waiting') setStatus(withLast('offline'));
        },
      });
      const tick = (): void => {
        intervalTimer = timers.set(() => {
          void flushNow('timer');
          tick();
        }, intervalMs);
      };
      tick();
      // A local write adds an outbox entry in the same transaction: the pending count rises.
      let lastPending = -1;
      outboxSubscription = liveQuery(() => outboxCounts(db)).subscribe({
        next: ({ pending }) => {
          // The first answer may already include writes made since start's flush began.
          if (pending > 0 && pending > lastPending) void flushNow('write');
          lastPending = pending;
        },
        error: () => undefined,
      });
      // F1: when the relay acknowledges stored Yjs edits, a held-back finished run may go now.
      let lastAcked = -1;
      markerSubscription = liveQuery(() => db.kv.where('key').startsWith(RELAY_SV_PREFIX).toArray()).subscribe({
        next: (rows) => {
          const acked = rows.filter((row) => {
            const marker = relayMarkerSchema.safeParse(row.value).data;
            return marker?.pending === 0 || marker?.notAccepted !== undefined;
          }).length;
          if (held > 0 && acked !== lastAcked) void flushNow('write');
          lastAcked = acked;
        },
        error: () => undefined,
      });
      void flushNow('start');
    },
    stop() {
      if (!started) return;
      started = false;
      unlisten?.();
      unlisten = null;
      outboxSubscription?.unsubscribe();
      outboxSubscription = null;
      markerSubscription?.unsubscribe();
      markerSubscription = null;
      if (intervalTimer !== null) timers.clear(intervalTimer);
      if (retryTimer !== null) timers.clear(retryTimer);
      intervalTimer = null;
      retryTimer = null;
      abort?.abort();
      if (!inFlight) setStatus(withLast('stopped'));
    },
    flush: (trigger = 'manual') => flushNow(trigger),
    async retry(seq) {
      await retryFailed(db, seq);
      await flushNow('retry');
    },
    async discard(seq) {
      await discardFailed(db, seq);
    },
    getStatus: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function describeTransient(error: unknown): { code: string; message: string } {
  if (isOfflineError(error)) return { code: 'unreachable', message: error.message };
  if (isApiRequestError(error)) return { code: error.code, message: error.message };
  if (error instanceof DOMException && error.name === 'AbortError') return { code: 'timeout', message: 'The relay did not answer in time' };
  return { code: 'client', message: error instanceof Error ? error.message : String(error) };
}
