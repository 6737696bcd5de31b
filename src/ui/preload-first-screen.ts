import { expectLibraryFirst } from './first-screen';
import { SESSION_STORAGE_KEY } from '../protocol';

/**
 * Offline cold start (DESIGN §6: interactive <= 300 ms). main.tsx imports this module first, so
 * it runs before React and the router are evaluated: with a cached sign-in on `/` or
 * `/library`, the library's chunks (layout, screen, Dexie, the person's data) are fetched from
 * the service worker while the entry chunk still evaluates, instead of after it. Only a hint:
 * the session is parsed (and may be refused) later; a wrong guess fetches chunks that are
 * precached anyway.
 */
function firstScreenIsLibrary(): boolean {
  let cached: string | null = null;
  try {
    cached = window.localStorage.getItem(SESSION_STORAGE_KEY);
  } catch {
    return false;
  }
  return cached !== null && (location.pathname === '/' || location.pathname === '/library');
}

/** The person's data module, started here and awaited by main.tsx to open the database early. */
export const userDataModule = firstScreenIsLibrary() ? import('./user-data') : null;
if (userDataModule !== null) {
  expectLibraryFirst();
  void import('./shared/layouts/SignedInLayout');
  void import('./library/LibraryScreen');
}
