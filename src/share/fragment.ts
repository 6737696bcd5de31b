import { parseShareFragment } from './link';
import type { ParsedShareFragment } from './link';

/** The recipient entry route; the address bar shows only this once the token has been read. */
export const SHARE_ENTRY_PATH = '/s';

interface LocationLike {
  readonly pathname: string;
  readonly hash: string;
}
interface HistoryLike {
  readonly state: unknown;
  replaceState(data: unknown, unused: string, url?: string | URL | null): void;
}

// The token lives here (memory) between reading the fragment and redeeming it; never in a URL again.
let captured: ParsedShareFragment | null = null;

/**
 * Read the token from `/s#<token>` and at once replace the address with `/s`, so the token is
 * not left in the address bar, the tab's history, a bookmark or a screenshot. Call it as early
 * as possible (the router runs it when `/s` matches, before the screen's code has loaded).
 * The history entry's state is kept: it is the router's bookkeeping, not ours.
 */
export function captureShareFragment(location: LocationLike = window.location, history: HistoryLike = window.history): void {
  if (location.pathname !== SHARE_ENTRY_PATH || location.hash === '') return;
  captured = parseShareFragment(location.hash);
  history.replaceState(history.state, '', SHARE_ENTRY_PATH);
}

/** The fragment read by `captureShareFragment`, without handing it over (render may run twice). */
export function peekCapturedFragment(): ParsedShareFragment | null {
  return captured;
}

/** Forget the token once its redemption has settled. */
export function clearCapturedFragment(): void {
  captured = null;
}

/** The fragment read by `captureShareFragment`, handed over once. */
export function takeCapturedFragment(): ParsedShareFragment | null {
  const out = captured;
  captured = null;
  return out;
}

interface HashEvents {
  addEventListener(type: 'hashchange', listener: () => void): void;
  removeEventListener(type: 'hashchange', listener: () => void): void;
}

/**
 * A link opened in a tab that is already on `/s` changes only the fragment (`/s#<tokenA>` →
 * `/s#<tokenB>`): the page does not load again, so the router's capture does not run again.
 * Capture it here the same way (token read, address back to `/s`) and hand the new fragment to
 * `onCaptured`, so the screen starts over with the new link. Returns the unsubscribe.
 */
export function watchShareFragment(
  onCaptured: (fragment: ParsedShareFragment) => void,
  events: HashEvents = window,
  location: LocationLike = window.location,
  history: HistoryLike = window.history,
): () => void {
  const listener = (): void => {
    if (location.pathname !== SHARE_ENTRY_PATH || location.hash === '') return;
    captureShareFragment(location, history);
    if (captured !== null) onCaptured(captured);
  };
  events.addEventListener('hashchange', listener);
  return () => events.removeEventListener('hashchange', listener);
}
