/**
 * The relay core's clock port: a monotonic time source and timers. Every delay the core
 * schedules (room eviction, compaction debounce, store retries, deferred sync and presence
 * answers, the shutdown deadline) goes through it, so tests move time without sleeping and
 * the core holds no `setTimeout` of its own. Timers never keep the process alive.
 *
 * Measuring a frame's CPU cost (R9) is not scheduling: that reads `performance.now()`
 * directly, since a test clock must not make a costly frame look free.
 */
export interface RelayClock {
  /** Monotonic milliseconds. */
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: RelayClock = {
  now: () => performance.now(),
  setTimer(callback, ms) {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return timer;
  },
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
