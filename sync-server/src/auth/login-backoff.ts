/**
 * Per-account backoff on sign-in: the per-address limit alone lets a botnet (or one proxy's
 * worth of clients) guess one account's password at full speed. After `freeFailures` failed
 * sign-ins of an e-mail, each further attempt must wait `baseMs`, doubling per failure up to
 * `maxMs`; a correct password resets it. Unknown e-mails count too, so the answer does not tell
 * which accounts exist. Held in memory: a restart forgets it.
 */
export interface LoginBackoff {
  /** Seconds before `email` may try again, or 0. */
  retryAfter(email: string): number;
  failed(email: string): void;
  succeeded(email: string): void;
}

export interface LoginBackoffSettings {
  readonly freeFailures: number;
  readonly baseMs: number;
  readonly maxMs: number;
}

const keyOf = (email: string): string => email.trim().toLowerCase();

export function createLoginBackoff({ freeFailures, baseMs, maxMs }: LoginBackoffSettings, now: () => number): LoginBackoff {
  const accounts = new Map<string, { failures: number; blockedUntil: number; lastAt: number }>();
  let nextPrune = 0;
  const prune = (at: number): void => {
    if (at < nextPrune) return;
    nextPrune = at + maxMs;
    // A failure older than the longest wait no longer matters: forget it.
    for (const [key, entry] of accounts) if (entry.lastAt + maxMs <= at) accounts.delete(key);
  };
  return {
    retryAfter(email) {
      const at = now();
      prune(at);
      const entry = accounts.get(keyOf(email));
      return entry && entry.blockedUntil > at ? Math.max(1, Math.ceil((entry.blockedUntil - at) / 1000)) : 0;
    },
    failed(email) {
      const at = now();
      const key = keyOf(email);
      const entry = accounts.get(key) ?? { failures: 0, blockedUntil: 0, lastAt: at };
      entry.failures += 1;
      entry.lastAt = at;
      const over = entry.failures - freeFailures + 1;
      if (over > 0) entry.blockedUntil = at + Math.min(maxMs, baseMs * 2 ** Math.min(over - 1, 30));
      accounts.set(key, entry);
    },
    succeeded(email) {
      accounts.delete(keyOf(email));
    },
  };
}
