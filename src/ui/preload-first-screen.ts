import { SESSION_STORAGE_KEY } from '../sync/session-key';

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
  void import('./layouts/SignedInLayout');
  void import('./screens/LibraryScreen');
}

/** Longest the sync loops wait for the library to show its data (a screen that never does). */
const FIRST_SCREEN_WAIT_MS = 2000;

let firstScreenShown = false;
const waiting = new Set<() => void>();

/**
 * The library has rendered what IndexedDB holds, with handlers attached: the cold-start bench's
 * `fieldbook:interactive` mark. Once per page load.
 */
export function markFirstScreenShown(): void {
  if (firstScreenShown) return;
  firstScreenShown = true;
  performance.mark('fieldbook:interactive');
  for (const resume of waiting) resume();
  waiting.clear();
}

/**
 * Run `task` when the first screen no longer needs the main thread: once the library has shown
 * its data (when it is the first screen) and the page is idle. Sync start-up (its IndexedDB
 * reads, the Yjs providers' chunks) otherwise ran in the idle gaps while the library was still
 * waiting on IndexedDB. Returns a cancel.
 */
export function afterFirstScreen(task: () => void): () => void {
  let cancelIdle = (): void => undefined;
  const whenIdle = (): void => {
    if (typeof window.requestIdleCallback === 'function') {
      const handle = window.requestIdleCallback(task, { timeout: 500 });
      cancelIdle = () => window.cancelIdleCallback(handle);
    } else {
      const handle = window.setTimeout(task, 50);
      cancelIdle = () => window.clearTimeout(handle);
    }
  };
  if (userDataModule === null || firstScreenShown) {
    whenIdle();
    return () => cancelIdle();
  }
  const resume = (): void => {
    waiting.delete(resume);
    window.clearTimeout(fallback);
    whenIdle();
  };
  const fallback = window.setTimeout(resume, FIRST_SCREEN_WAIT_MS);
  waiting.add(resume);
  return () => {
    waiting.delete(resume);
    window.clearTimeout(fallback);
    cancelIdle();
  };
}
