/**
 * One small observable value, the shape every status store in the app shares (flusher,
 * puller, live feed, providers, session, sync status, edit tracker, update prompt). It fits
 * React's `useSyncExternalStore` directly: `subscribe(onChange)` and `get()`.
 *
 * Listeners are called after the value changes, with the new value; `set` with an equal value
 * (by `equals`, default `Object.is`) notifies nobody. A listener that throws does not stop the
 * others — a broken UI subscriber must never stop the sync loop that owns the store.
 */
export interface ValueStore<T> {
  get(): T;
  set(next: T): void;
  update(change: (current: T) => T): void;
  subscribe(listener: (value: T) => void): () => void;
}

export function createValueStore<T>(initial: T, equals: (a: T, b: T) => boolean = Object.is): ValueStore<T> {
  let value = initial;
  const listeners = new Set<(value: T) => void>();
  const store: ValueStore<T> = {
    get: () => value,
    set(next) {
      if (equals(value, next)) return;
      value = next;
      for (const listener of [...listeners]) {
        try {
          listener(value);
        } catch (error) {
          console.error('value store listener failed', error);
        }
      }
    },
    update: (change) => store.set(change(value)),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return store;
}
