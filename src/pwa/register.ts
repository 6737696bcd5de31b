import { Workbox } from 'workbox-window';
import { createValueStore } from '../domain/value-store';

/** Work that must be saved before the page reloads into a new version (open runs, drafts). */
export type BeforeUpdateHook = () => Promise<void>;

const UPDATE_CHECK_MS = 60 * 60 * 1000;

let workbox: Workbox | null = null;
/** A new version is waiting. */
const updateAvailable = createValueStore(false);
let reloading = false;
/** Set by applyUpdate: only a takeover the user asked for reloads the page. */
let updateRequested = false;
const beforeUpdateHooks = new Set<BeforeUpdateHook>();

function announceUpdate(): void {
  updateAvailable.set(true);
}

/** Register /sw.js in production builds only; dev and tests without a build run without it. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || workbox !== null || !('serviceWorker' in navigator)) return;
  const wb = new Workbox('/sw.js');
  workbox = wb;
  // Also fires for a worker that was already waiting when the page loaded.
  wb.addEventListener('waiting', announceUpdate);
  wb.addEventListener('controlling', () => {
    // Reload only when the user asked for the update, never for the first install's claim.
    // (An update found by a later check counts as "external" to workbox-window; it still
    // reaches here and is still the one the user accepted.)
    if (updateRequested && !reloading) {
      reloading = true;
      window.location.reload();
    }
  });
  wb.register().then(
    () => {
      setInterval(() => void wb.update().catch(() => undefined), UPDATE_CHECK_MS);
    },
    (error: unknown) => {
      console.warn('Service worker registration failed', error);
    },
  );
}

/** Calls `listener` when a new version is waiting (at once if one already is). Returns an unsubscribe. */
export function onUpdateAvailable(listener: () => void): () => void {
  const stop = updateAvailable.subscribe((available) => {
    if (available) listener();
  });
  if (updateAvailable.get()) listener();
  return stop;
}

export const isUpdateAvailable = (): boolean => updateAvailable.get();

export function registerBeforeUpdate(hook: BeforeUpdateHook): () => void {
  beforeUpdateHooks.add(hook);
  return () => beforeUpdateHooks.delete(hook);
}

/** Save open work, then activate the waiting version; the page reloads once it takes control. */
export async function applyUpdate(): Promise<void> {
  if (workbox === null || !updateAvailable.get()) return;
  const results = await Promise.allSettled([...beforeUpdateHooks].map((hook) => hook()));
  for (const result of results) {
    if (result.status === 'rejected') console.warn('A before-update hook failed', result.reason);
  }
  updateRequested = true;
  workbox.messageSkipWaiting();
}
