import { browserPlatform } from './platform';
import type { PlatformEvents } from './platform';

/** Exponential backoff with jitter, shared by the sync loops (`loop.ts`) and the providers. */
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

// ---------------------------------------------------------------------------------------------
// Legacy slice of the platform port. The loops (flusher, puller, live) and the status stores
// take a `Platform` (platform.ts) now; only providers.ts still uses these wrappers, until the
// documents half of the sync rebuild (src/sync/docs/, issue 9) moves it to the Platform too.
// Delete this block once nothing imports it.
// ---------------------------------------------------------------------------------------------

/** @deprecated Use `Platform.setTimer`/`clearTimer` (platform.ts). */
export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** @deprecated Use `browserPlatform` (platform.ts). */
export const realTimers: Timers = {
  set: (callback, ms) => browserPlatform.setTimer(callback, ms),
  clear: (handle) => browserPlatform.clearTimer(handle),
};

/** @deprecated Use `Platform.listen` (platform.ts). */
export const onBrowserEvents = (handlers: PlatformEvents): (() => void) => browserPlatform.listen(handlers);
/** @deprecated Use `Platform.online` (platform.ts). */
export const browserOnline = (): boolean => browserPlatform.online();
