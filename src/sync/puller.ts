import { applyChanges, getChangesCursor, kvDelete } from '../db';
import type { FieldbookDB } from '../db';
import { createValueStore } from '../domain/value-store';
import type { ApiClient } from './api-client';
import { isApiRequestError, isOfflineError } from './api-client';
import type { ChangesResponse } from '../protocol';
import { readLastContact, writeLastContact } from './last-contact';
import { createLoop } from './loop';
import type { RunOutcome } from './loop';
import { browserPlatform } from './platform';
import type { Platform } from './platform';
import { CHANGES_CURSOR_KEY, LAST_PULLED_KEY } from '../protocol';

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
  /** Timers, clock and browser events (default: the browser's). */
  readonly platform?: Platform;
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

/**
 * The change-feed puller: `GET /api/changes` from the stored cursor until `hasMore` is false,
 * merged into the device's database, on the one sync loop (loop.ts). It has no backoff of its
 * own: a failed pull says so in its status and waits for the next trigger or the interval.
 */
export function createPuller(options: PullerOptions): Puller {
  const pageSize = options.pageSize ?? PULLER_DEFAULTS.pageSize;
  const platform = options.platform ?? browserPlatform;
  const status = createValueStore<PullStatus>({ state: 'idle' });

  const withLast = (state: PullState, extra: Partial<PullStatus> = {}): PullStatus => {
    const { lastPulledAt } = status.get();
    return { state, ...(lastPulledAt !== undefined ? { lastPulledAt } : {}), ...extra };
  };

  async function pullOnce(signal: AbortSignal): Promise<RunOutcome> {
    if (!platform.online()) {
      status.set(withLast('offline'));
      return 'failed';
    }
    status.set(withLast('pulling'));
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
      if (signal.aborted) status.set(withLast('idle'));
      else {
        const at = platform.now();
        status.set({ state: 'idle', lastPulledAt: at });
        void writeLastContact(options.db, LAST_PULLED_KEY, at);
      }
      if (applied > 0 || rejected > 0) options.onChange?.({ applied, rejected });
      return signal.aborted ? 'idle' : 'done';
    } catch (error) {
      if (signal.aborted) {
        status.set(withLast('idle'));
        return 'idle';
      }
      if (isOfflineError(error)) status.set(withLast('offline'));
      else if (isApiRequestError(error)) status.set(withLast('error', { error: { code: error.code, message: error.message } }));
      else status.set(withLast('error', { error: { code: 'client', message: error instanceof Error ? error.message : String(error) } }));
      if (applied > 0 || rejected > 0) options.onChange?.({ applied, rejected });
      return 'failed';
    }
  }

  // A trigger during a pull may mean new changes after our page was read: it runs once more,
  // unless the pull failed (L1, L3: the puller has no urgent triggers and no backoff).
  const loop = createLoop({
    run: pullOnce,
    platform,
    intervalMs: options.intervalMs ?? PULLER_DEFAULTS.intervalMs,
    onOffline: () => status.set(withLast('offline')),
  });

  // The last complete pull of an earlier page load, until this one pulls.
  void readLastContact(options.db, LAST_PULLED_KEY).then((at) => {
    if (at !== undefined && status.get().lastPulledAt === undefined) status.set({ ...status.get(), lastPulledAt: at });
  });

  return {
    start() {
      if (loop.started) return;
      loop.start();
      void loop.trigger('start');
    },
    stop: () => loop.stop(),
    pull: () => loop.trigger('manual'),
    getStatus: () => status.get(),
    subscribe: (listener) => status.subscribe(listener),
  };
}
