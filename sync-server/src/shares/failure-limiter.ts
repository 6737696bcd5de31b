/**
 * Failed share redemptions per client (IP), in fixed windows. @fastify/rate-limit counts every
 * request, but here only failures may count: a recipient who opens a good link again and again
 * must never be locked out, while guessing tokens (404) or replaying dead links (410) is capped.
 */
export interface FailureLimiter {
  /** Seconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string): number;
  /** Count one failure of `key`. */
  fail(key: string): void;
}

export interface FailureLimit {
  readonly max: number;
  readonly windowMs: number;
}

export function createFailureLimiter({ max, windowMs }: FailureLimit, now: () => number): FailureLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  let nextPrune = 0;
  const prune = (at: number): void => {
    if (at < nextPrune) return;
    nextPrune = at + windowMs;
    for (const [key, window] of windows) if (window.resetAt <= at) windows.delete(key);
  };
  return {
    retryAfter(key) {
      const at = now();
      prune(at);
      const window = windows.get(key);
      if (!window || window.resetAt <= at || window.count < max) return 0;
      return Math.max(1, Math.ceil((window.resetAt - at) / 1000));
    },
    fail(key) {
      const at = now();
      const window = windows.get(key);
      if (!window || window.resetAt <= at) windows.set(key, { count: 1, resetAt: at + windowMs });
      else window.count += 1;
    },
  };
}
