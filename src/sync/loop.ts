import { backoffDelay } from './backoff';
import type { BackoffOptions } from './backoff';
import { browserPlatform } from './platform';
import type { Platform } from './platform';

/**
 * The one sync loop (SPEC.md, L-rules) the flusher, the puller and the live feed run on:
 *
 * - single flight (L1): one run at a time; a trigger during a run joins it and, unless the
 *   loop says otherwise, runs once more after it (the run may have read the queue or the feed
 *   before the change that caused the trigger);
 * - backoff (L2): a failed run schedules a retry after `backoffDelay`; while that wait (or an
 *   offline spell) lasts, only urgent triggers run, the others wait it out (L3);
 * - triggers (L4): the platform's online/visible events, an interval, and whatever the owner
 *   asks for by name ('manual', 'write', ...). Timers and events only through the `Platform`.
 */
export type LoopTrigger = 'start' | 'online' | 'visible' | 'timer' | 'manual' | 'retry';

/** `done`: it worked (the backoff resets); `failed`: retry after a backoff; `idle`: neither (aborted, nothing to do). */
export type RunOutcome = 'done' | 'failed' | 'idle';

export type LoopState = 'idle' | 'running' | 'waiting' | 'offline';

export interface LoopOptions<T extends string> {
  /** One run. Must honour `signal` (stop/cancel abort it); a throw counts as `failed`. */
  readonly run: (signal: AbortSignal, trigger: T | LoopTrigger) => Promise<RunOutcome>;
  readonly platform?: Platform;
  /** Without it a failed run just waits for the next trigger. */
  readonly backoff?: BackoffOptions;
  /** Run every so often even when nothing else asked (trigger 'timer'). */
  readonly intervalMs?: number;
  /**
   * Triggers that say the relay may be back: they cut a backoff or offline wait short and may
   * run once more right after a failed run. `'all'`: every trigger. Default: none.
   */
  readonly urgent?: ReadonlySet<T | LoopTrigger> | 'all';
  /** A trigger during a run runs once more after it (default true). */
  readonly rerun?: boolean;
  /**
   * What the platform's events do, when not the default: online → leave the offline state
   * and trigger 'online'; visible → trigger 'visible'; offline → when idle, enter the
   * offline state and call `onOffline`.
   */
  readonly events?: { readonly online?: () => void; readonly visible?: () => void; readonly offline?: () => void };
  /** A retry is scheduled (after a failed run). */
  readonly onWaiting?: (wait: { readonly retryAt: number; readonly attempt: number }) => void;
  /** The loop went offline while idle (default `offline` event). */
  readonly onOffline?: () => void;
}

export interface Loop<T extends string> {
  /** Listen to the platform's events and arm the interval. Does not run by itself. */
  start(): void;
  /** Stop listening, clear every timer, abort the run in flight. `trigger` still works. */
  stop(): void;
  /** Ask for a run (L1, L3). Resolves when the run it started or joined has settled. */
  trigger(trigger: T | LoopTrigger): Promise<void>;
  /** Abort the run in flight and any retry wait, and stay offline until a trigger. */
  cancel(): void;
  /** Forget earlier failures: the next retry waits the shortest time again. */
  resetBackoff(): void;
  /** Make the next retry wait at least as long as attempt `attempt + 1` would. */
  backoffAtLeast(attempt: number): void;
  readonly state: LoopState;
  readonly started: boolean;
}

export function createLoop<T extends string = LoopTrigger>(options: LoopOptions<T>): Loop<T> {
  const platform = options.platform ?? browserPlatform;
  const rerun = options.rerun ?? true;
  const urgentSet = options.urgent ?? new Set<T | LoopTrigger>();
  const isUrgent = (t: T | LoopTrigger): boolean => urgentSet === 'all' || urgentSet.has(t);

  let state: LoopState = 'idle';
  let started = false;
  let failures = 0;
  let current: { promise: Promise<void>; controller: AbortController } | null = null;
  let again: T | LoopTrigger | null = null;
  let retryTimer: unknown = null;
  let intervalTimer: unknown = null;
  let unlisten: (() => void) | null = null;

  const isCurrent = (controller: AbortController): boolean => current?.controller === controller;
  const clearRetry = (): void => {
    if (retryTimer !== null) platform.clearTimer(retryTimer);
    retryTimer = null;
  };

  function scheduleRetry(): void {
    if (options.backoff === undefined) return;
    failures += 1;
    const delay = backoffDelay(failures, options.backoff);
    clearRetry();
    retryTimer = platform.setTimer(() => {
      retryTimer = null;
      // The wait is over: the retry itself always runs.
      if (state === 'waiting') state = 'idle';
      void trigger('retry');
    }, delay);
    state = 'waiting';
    options.onWaiting?.({ retryAt: platform.now() + delay, attempt: failures });
  }

  async function runOnce(signal: AbortSignal, t: T | LoopTrigger): Promise<RunOutcome> {
    try {
      return await options.run(signal, t);
    } catch {
      return 'failed';
    }
  }

  function trigger(t: T | LoopTrigger): Promise<void> {
    if (current !== null) {
      // An aborted run is unwinding: whatever is asked now runs after it, in a fresh run.
      if (current.controller.signal.aborted || rerun) again = again === null || isUrgent(t) ? t : again;
      return current.promise;
    }
    if ((state === 'waiting' || state === 'offline') && !isUrgent(t)) return Promise.resolve();
    const controller = new AbortController();
    const promise = (async () => {
      let next: T | LoopTrigger | null = t;
      try {
        while (next !== null && !controller.signal.aborted) {
          clearRetry();
          state = 'running';
          again = null;
          const outcome = await runOnce(controller.signal, next);
          if (controller.signal.aborted) break;
          state = 'idle';
          if (outcome === 'done') failures = 0;
          if (outcome === 'failed') scheduleRetry();
          next = again;
          again = null;
          // After a failure only an urgent trigger may cut the backoff short (L3).
          if (next !== null && outcome === 'failed' && !isUrgent(next)) next = null;
        }
      } finally {
        // Synchronously after the last run: no trigger can fall into a gap between the two.
        if (isCurrent(controller)) {
          current = null;
          if (controller.signal.aborted && state === 'running') state = 'idle';
          const pending = controller.signal.aborted ? again : null;
          again = null;
          if (pending !== null) void trigger(pending);
        }
      }
    })();
    current = { promise, controller };
    return promise;
  }

  const defaultEvents = {
    online: (): void => {
      if (state === 'offline') state = 'idle';
      void trigger('online');
    },
    visible: (): void => void trigger('visible'),
    offline: (): void => {
      if (state !== 'idle') return;
      state = 'offline';
      options.onOffline?.();
    },
  };

  function armInterval(ms: number): void {
    intervalTimer = platform.setTimer(() => {
      void trigger('timer');
      armInterval(ms);
    }, ms);
  }

  return {
    start() {
      if (started) return;
      started = true;
      unlisten = platform.listen({ ...defaultEvents, ...options.events });
      if (options.intervalMs !== undefined) armInterval(options.intervalMs);
    },
    stop() {
      if (!started) return;
      started = false;
      unlisten?.();
      unlisten = null;
      if (intervalTimer !== null) platform.clearTimer(intervalTimer);
      intervalTimer = null;
      clearRetry();
      if (state === 'waiting' || state === 'offline') state = 'idle';
      current?.controller.abort();
    },
    trigger,
    cancel() {
      clearRetry();
      current?.controller.abort();
      state = 'offline';
    },
    resetBackoff() {
      failures = 0;
    },
    backoffAtLeast(attempt) {
      failures = Math.max(failures, attempt);
    },
    get state() {
      return state;
    },
    get started() {
      return started;
    },
  };
}
