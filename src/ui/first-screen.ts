/**
 * The first screen's signals (DESIGN §6 cold start): the library marks itself shown, and sync
 * start-up waits for that. Its own module, so the screens that use it need not import the
 * preload (`preload-first-screen.ts`), which `import()`s them.
 */

/** Longest the sync loops wait for the library to show its data (a screen that never does). */
const FIRST_SCREEN_WAIT_MS = 2000;

let libraryFirst = false;
let firstScreenShown = false;
const waiting = new Set<() => void>();

/** The preload guessed the library is the first screen (a cached sign-in on `/` or `/library`). */
export function expectLibraryFirst(): void {
  libraryFirst = true;
}

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
  if (!libraryFirst || firstScreenShown) {
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
