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
