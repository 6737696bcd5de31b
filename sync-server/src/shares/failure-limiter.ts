/**
 * Counted events per key in fixed windows: failed share redemptions per client, and the
 * windowed record quotas (records/record-quotas.ts). @fastify/rate-limit counts every request;
 * here only what the caller says counts is counted — a recipient who opens a good link again and
 * again is never locked out, while guessing tokens (404) or replaying dead links (410) is capped.
 */
export interface WindowLimiter {
  /** Seconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string): number;
  /** Count one event of `key`. */
  hit(key: string): void;
}

/** The redemption limiter: its events are failures. */
export type FailureLimiter = WindowLimiter;

export interface WindowLimit {
  readonly max: number;
  readonly windowMs: number;
}
export type FailureLimit = WindowLimit;

export function createWindowLimiter({ max, windowMs }: WindowLimit, now: () => number): WindowLimiter {
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
    hit(key) {
      const at = now();
      const window = windows.get(key);
      if (!window || window.resetAt <= at) windows.set(key, { count: 1, resetAt: at + windowMs });
      else window.count += 1;
    },
  };
}

export const createFailureLimiter = createWindowLimiter;
