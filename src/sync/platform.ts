/**
 * The platform port: every timer, clock and browser event the sync layer uses goes through
 * one small interface, so tests drive time and connectivity without sleeping or touching
 * `window`. `browserPlatform` is the one real adapter; tests build their own (`manualPlatform`
 * in `test-platform.ts`, or a plain object literal).
 */
export interface PlatformEvents {
  online?: () => void;
  offline?: () => void;
  visible?: () => void;
  hidden?: () => void;
}

export interface Platform {
  /** Schedule `callback` after `ms`; the handle is opaque. */
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** Milliseconds since the epoch. */
  now(): number;
  /** The browser's belief that it is online (true outside a browser). */
  online(): boolean;
  /** The page is visible (true outside a browser). */
  visible(): boolean;
  /** Subscribe to connectivity and visibility changes; returns the unsubscribe. */
  listen(handlers: PlatformEvents): () => void;
}

function listenToBrowser(handlers: PlatformEvents): () => void {
  if (typeof window === 'undefined' || typeof document === 'undefined') return () => undefined;
  const onVisibility = (): void => {
    if (document.visibilityState === 'visible') handlers.visible?.();
    else handlers.hidden?.();
  };
  const online = (): void => handlers.online?.();
  const offline = (): void => handlers.offline?.();
  window.addEventListener('online', online);
  window.addEventListener('offline', offline);
  document.addEventListener('visibilitychange', onVisibility);
  return () => {
    window.removeEventListener('online', online);
    window.removeEventListener('offline', offline);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}

export const browserPlatform: Platform = {
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
  online: () => typeof navigator === 'undefined' || navigator.onLine !== false,
  visible: () => typeof document === 'undefined' || document.visibilityState === 'visible',
  listen: listenToBrowser,
};
