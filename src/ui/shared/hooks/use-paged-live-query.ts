import { useCallback, useState } from 'react';
import type { Cursor, Page } from '../../../db';
import { useLiveQuery } from './use-live-query';

export interface PagedResult<T> {
  /** Undefined until the first answer. */
  readonly rows: T[] | undefined;
  /** The last page read had a `next` cursor: more rows may follow (a short page can still have more). */
  readonly more: boolean;
  readonly error: unknown;
  readonly showMore: () => void;
}

/**
 * Keyset paging that stays live: the query re-reads the first `pages` pages, each from the
 * previous page's cursor, whenever the tables it read change. `key` names the filter; a new
 * key starts again at one page. `fetchPage` must be stable for a given key (useCallback).
 */
export function usePagedLiveQuery<T>(key: string, fetchPage: (after: Cursor | undefined) => Promise<Page<T>>): PagedResult<T> {
  const [paging, setPaging] = useState({ key, pages: 1 });
  const pages = paging.key === key ? paging.pages : 1;
  const query = useCallback(async () => {
    const rows: T[] = [];
    let after: Cursor | undefined;
    for (let i = 0; i < pages; i++) {
      const page = await fetchPage(after);
      rows.push(...page.rows);
      if (page.next === undefined) return { rows, more: false };
      after = page.next;
    }
    return { rows, more: true };
  }, [fetchPage, pages]);
  const { value, error } = useLiveQuery(query, { keepPrevious: true });
  return {
    rows: value?.rows,
    more: value?.more ?? false,
    error,
    showMore: () => setPaging({ key, pages: pages + 1 }),
  };
}
