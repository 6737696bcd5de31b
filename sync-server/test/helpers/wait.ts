/**
 * The one way relay tests wait: on a promise (an event someone resolves) or on a condition,
 * always with a deadline whose error names what was awaited, never for a number of ticks.
 */

export const DEFAULT_WAIT_MS = 10_000;

/**
 * Resolve when `condition` does: a promise settles, or a predicate (checked now and then every
 * millisecond, for state that no event announces, e.g. a row appearing in SQLite) holds.
 * Rejects with "timed out after N ms waiting for <what>" past `timeoutMs`.
 */
export function waitFor<T>(condition: Promise<T>, what: string, timeoutMs?: number): Promise<T>;
export function waitFor(condition: () => boolean, what: string, timeoutMs?: number): Promise<void>;
export function waitFor<T>(condition: Promise<T> | (() => boolean), what: string, timeoutMs = DEFAULT_WAIT_MS): Promise<T | void> {
  // Polling stops once the race is over either way, so a timed-out predicate does not spin on.
  const race = { over: false };
  const awaited = typeof condition === 'function' ? holds(condition, race) : condition;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([awaited, deadline]).finally(() => {
    clearTimeout(timer);
    race.over = true;
  });
}

async function holds(predicate: () => boolean, race: { readonly over: boolean }): Promise<void> {
  while (!race.over && !predicate()) await new Promise((resolve) => setTimeout(resolve, 1));
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/** A promise with its resolve/reject in hand: the gate a test opens when it chooses. */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
