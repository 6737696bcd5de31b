import { browserPlatform } from './platform';
import type { PlatformEvents } from './platform';

/** Exponential backoff with jitter, shared by the flusher, the live feed and the providers. */
export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
  /** 0..1, defaults to Math.random; a test seam. */
  readonly random?: () => number;
}

/**
 * Delay before retry number `attempt` (1 = first retry): `base * 2^(attempt-1)`, capped, then
 * "equal jitter" (half fixed, half random) so a crew of tablets coming back online together
 * does not retry in lock step, while the wait still grows with every failure.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const random = options.random ?? Math.random;
  return Math.round(exp / 2 + (exp / 2) * random());
}

/** Timer port, so tests can fire scheduled work without sleeping (a slice of `Platform`). */
export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (callback, ms) => browserPlatform.setTimer(callback, ms),
  clear: (handle) => browserPlatform.clearTimer(handle),
};

/** Browser events the sync loops listen to; absent outside a browser (unit tests in node). */
export const onBrowserEvents = (handlers: PlatformEvents): (() => void) => browserPlatform.listen(handlers);
export const browserOnline = (): boolean => browserPlatform.online();
export const pageVisible = (): boolean => browserPlatform.visible();
