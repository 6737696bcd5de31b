import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';

export interface LiveQueryResult<T> {
  /** Undefined until the first result of the current query (or the previous one with keepPrevious). */
  readonly value: T | undefined;
  readonly error: unknown;
  /** The current query has not answered yet. */
  readonly loading: boolean;
}

interface State<T> {
  readonly query: (() => Promise<T>) | null;
  readonly value: T | undefined;
  readonly error: unknown;
}

/**
 * Subscribe to a Dexie query and re-render whenever the tables it read change.
 * `query` must be stable (wrap it in useCallback with its real dependencies): a new
 * function means a new subscription.
 */
export function useLiveQuery<T>(query: () => Promise<T>, options: { keepPrevious?: boolean } = {}): LiveQueryResult<T> {
  const [state, setState] = useState<State<T>>({ query: null, value: undefined, error: undefined });

  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => setState({ query, value, error: undefined }),
      error: (error: unknown) => setState({ query, value: undefined, error }),
    });
    return () => subscription.unsubscribe();
  }, [query]);

  const current = state.query === query;
  return {
    value: current || options.keepPrevious === true ? state.value : undefined,
    error: current ? state.error : undefined,
    loading: !current,
  };
}
