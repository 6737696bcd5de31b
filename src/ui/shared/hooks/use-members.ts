import { createContext, useCallback, useContext, useEffect, useMemo } from 'react';
import { readMembers } from '../../../db';
import type { FieldbookDB } from '../../../db';
import { useLiveQuery } from './use-live-query';

/** Who is who: a person's id (userId, or a recipient's sessionId) to the words the UI says for them. */
export type Names = ReadonlyMap<string, string>;

const NO_NAMES: Names = new Map();

export const NamesContext = createContext<Names>(NO_NAMES);

/** The names in scope: the workspace's members inside the signed-in layout, none elsewhere. */
export function useNames(): Names {
  return useContext(NamesContext);
}

/**
 * The members list kept on the device (kv `members`), live; refreshed from the relay whenever the
 * browser comes back online (the signed-in layout also refreshes it once the first screen is
 * shown, with the sync loops), so names show offline after one visit.
 */
export function useMemberNames(db: FieldbookDB, refresh: () => Promise<void>): Names {
  const members = useLiveQuery(useCallback(() => readMembers(db), [db])).value;
  useEffect(() => {
    const again = (): void => void refresh().catch((error: unknown) => console.warn('Members could not be stored', error));
    window.addEventListener('online', again);
    return () => window.removeEventListener('online', again);
  }, [refresh]);
  return useMemo(() => (members === undefined ? NO_NAMES : new Map(members.map((m) => [m.id, m.name]))), [members]);
}
