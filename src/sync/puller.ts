import { applyChanges, CHANGES_CURSOR_KEY, getChangesCursor, kvDelete } from '../db';
import type { FieldbookDB } from '../db';
import type { ApiClient } from './api-client';
import { isApiRequestError, isOfflineError } from './api-client';
import type { ChangesResponse } from '../protocol';
import { LAST_PULLED_KEY, readLastContact, writeLastContact } from './last-contact';

const isBadCursor = (error: unknown): boolean => isApiRequestError(error) && error.status === 400 && error.code === 'bad_cursor';

export const PULL_STATES = ['idle', 'pulling', 'offline', 'error'] as const;
export type PullState = (typeof PULL_STATES)[number];

export interface PullStatus {
  readonly state: PullState;
  /** When the last complete pull (to hasMore=false) finished, epoch ms. */
  readonly lastPulledAt?: number;
  /** Set in the `error` state. */
  readonly error?: { readonly code: string; readonly message: string };
}

export interface PullResult {
  readonly applied: number;
  readonly rejected: number;
}

export const PULLER_DEFAULTS = {
  intervalMs: 30_000,
  pageSize: 200,
  /** Safety stop for one pull: a relay that keeps answering hasMore=true cannot spin us forever. */
  maxPagesPerPull: 1_000,
} as const;

export interface PullerOptions {
  readonly db: FieldbookDB;
  readonly api: Pick<ApiClient, 'changes'>;
  readonly onChange?: (result: PullResult) => void;
  readonly intervalMs?: number;
  readonly pageSize?: number;
}

export interface Puller {
  /** Pull now and then on 'online', on the page becoming visible and every intervalMs. */
  readonly start: () => void;
  readonly stop: () => void;
  /** Pull until hasMore=false. Joins the pull in flight instead of starting a second one. */
  readonly pull: () => Promise<void>;
  readonly getStatus: () => PullStatus;
  readonly subscribe: (listener: (status: PullStatus) => void) => () => void;
}

export function createPuller(options: PullerOptions): Puller {
  const intervalMs = options.intervalMs ?? PULLER_DEFAULTS.intervalMs;
  const pageSize = options.pageSize ?? PULLER_DEFAULTS.pageSize;
  const listeners = new Set<(status: PullStatus) => void>();
  let status: PullStatus = { state: 'idle' };
  let inFlight: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let abort: AbortController | null = null;
  let started = false;

  const setStatus = (next: PullStatus): void => {
    status = next;
    for (const listener of listeners) listener(status);
  };
  const withLast = (state: PullState, extra: Partial<PullStatus> = {}): PullStatus => ({
    state,
    ...(status.lastPulledAt !== undefined ? { lastPulledAt: status.lastPulledAt } : {}),
    ...extra,
  });

  async function pullOnce(signal: AbortSignal): Promise<void> {
    if (typeof navigator !== 'undefined' && !navigator.onLine) {
      setStatus(withLast('offline'));
      return;
    }
    setStatus(withLast('pulling'));
    let applied = 0;
    let rejected = 0;
    // A relay that no longer knows our cursor (restored from backup, data dir reset) answers
    // 400 bad_cursor: forget it and pull again from the start, once per pull.
    let restarted = false;
    try {
      for (let page = 0; page < PULLER_DEFAULTS.maxPagesPerPull; page++) {
        const since = await getChangesCursor(options.db);
        let response: ChangesResponse;
        try {
          response = await options.api.changes({ ...(since !== undefined && since !== null ? { since } : {}), limit: pageSize }, signal);
        } catch (error) {
          if (restarted || since === undefined || !isBadCursor(error)) throw error;
          restarted = true;
          await kvDelete(options.db, CHANGES_CURSOR_KEY);
          continue;
        }
        if (signal.aborted) break;
        const result = await applyChanges(options.db, response.changes, response.cursor);
        applied += result.applied;
        rejected += result.rejected;
        if (!response.hasMore) break;
      }
      if (signal.aborted) setStatus(withLast('idle'));
      else {
        const at = Date.now();
        setStatus({ state: 'idle', lastPulledAt: at });
        void writeLastContact(options.db, LAST_PULLED_KEY, at);
      }
      if (applied > 0 || rejected > 0) options.onChange?.({ applied, rejected });
    } catch (error) {
      if (signal.aborted) {
        setStatus(withLast('idle'));
        return;
      }
      if (isOfflineError(error)) setStatus(withLast('offline'));
      else if (isApiRequestError(error)) setStatus(withLast('error', { error: { code: error.code, message: error.message } }));
      else setStatus(withLast('error', { error: { code: 'client', message: error instanceof Error ? error.message : String(error) } }));
      if (applied > 0 || rejected > 0) options.onChange?.({ applied, rejected });
    }
  }

  function pull(): Promise<void> {
    if (inFlight) {
      // A trigger during a pull may mean new changes after our page was read: run once more.
      again = true;
      return inFlight;
    }
    const controller = new AbortController();
    abort = controller;
    inFlight = (async () => {
      try {
        do {
          again = false;
          await pullOnce(controller.signal);
        } while (again && !controller.signal.aborted && status.state === 'idle');
      } finally {
        inFlight = null;
        if (abort === controller) abort = null;
      }
    })();
    return inFlight;
  }

  // The last complete pull of an earlier page load, until this one pulls.
  void readLastContact(options.db, LAST_PULLED_KEY).then((at) => {
    if (at !== undefined && status.lastPulledAt === undefined) setStatus({ ...status, lastPulledAt: at });
  });

  const trigger = (): void => {
    void pull();
  };
  const onVisibility = (): void => {
    if (document.visibilityState === 'visible') trigger();
  };
  const onOffline = (): void => {
    if (!inFlight) setStatus(withLast('offline'));
  };

  return {
    start() {
      if (started) return;
      started = true;
      window.addEventListener('online', trigger);
      window.addEventListener('offline', onOffline);
      document.addEventListener('visibilitychange', onVisibility);
      timer = setInterval(trigger, intervalMs);
      trigger();
    },
    stop() {
      if (!started) return;
      started = false;
      window.removeEventListener('online', trigger);
      window.removeEventListener('offline', onOffline);
      document.removeEventListener('visibilitychange', onVisibility);
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      abort?.abort();
    },
    pull,
    getStatus: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
