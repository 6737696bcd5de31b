import { backoffDelay, browserOnline, onBrowserEvents, pageVisible, realTimers } from './backoff';
import type { Timers } from './backoff';
import { createSseParser } from './sse-parser';
import { LIVE_EVENT } from '../protocol';

export const LIVE_DEFAULTS = {
  /** Several `changes` events in a burst make one pull. */
  debounceMs: 150,
  /** Fallback when the relay has no `/api/events`: poll while the page is visible. */
  pollMs: 5_000,
  /** How often a polling client checks whether `/api/events` has appeared. */
  reprobeMs: 5 * 60_000,
  baseBackoffMs: 1_000,
  maxBackoffMs: 30_000,
  /** A stream silent this long (no event, no comment) is presumed dead and reopened. */
  idleTimeoutMs: 90_000,
} as const;

export type LiveState = 'stopped' | 'connecting' | 'open' | 'waiting' | 'polling' | 'offline';

export interface LiveStatus {
  readonly state: LiveState;
  /** When the stream last opened (the relay was reachable), epoch ms. */
  readonly openedAt?: number;
}

export interface LiveFeedOptions {
  /** '' means the page's own origin. */
  readonly baseUrl?: string;
  /** The bearer token; null means signed out, and the feed stops. */
  readonly getToken: () => string | null;
  /** A change visible to us was appended: pull (called debounced). */
  readonly onChanges: () => void;
  /** The stream (re)opened: the relay is reachable, so flush and catch up. */
  readonly onOpen?: () => void;
  /** The relay refused the token (401). */
  readonly onUnauthorized?: () => void;
  readonly fetch?: typeof fetch;
  readonly timers?: Timers;
  readonly random?: () => number;
  readonly debounceMs?: number;
  readonly pollMs?: number;
  readonly reprobeMs?: number;
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly idleTimeoutMs?: number;
}

export interface LiveFeed {
  readonly start: () => void;
  readonly stop: () => void;
  readonly getStatus: () => LiveStatus;
  readonly subscribe: (listener: (status: LiveStatus) => void) => () => void;
}

/**
 * `GET /api/events` (server-sent events) read with fetch + ReadableStream, so the token goes in
 * the `Authorization` header and never in a URL (EventSource cannot set headers). On
 * `event: changes` it asks for a pull; it reopens with backoff and stops while offline.
 */
export function createLiveFeed(options: LiveFeedOptions): LiveFeed {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const timers = options.timers ?? realTimers;
  const cfg = { ...LIVE_DEFAULTS, ...pickDefined(options) };
  const listeners = new Set<(status: LiveStatus) => void>();

  let status: LiveStatus = { state: 'stopped' };
  let started = false;
  let failures = 0;
  let abort: AbortController | null = null;
  let reconnectTimer: unknown = null;
  let debounceTimer: unknown = null;
  let pollTimer: unknown = null;
  let reprobeTimer: unknown = null;
  let idleTimer: unknown = null;
  let unlisten: (() => void) | null = null;

  const setState = (state: LiveState, openedAt?: number): void => {
    const at = openedAt ?? status.openedAt;
    status = { state, ...(at !== undefined ? { openedAt: at } : {}) };
    for (const listener of listeners) listener(status);
  };

  const clear = (handle: unknown): null => {
    if (handle !== null) timers.clear(handle);
    return null;
  };

  function requestPull(): void {
    debounceTimer = clear(debounceTimer);
    debounceTimer = timers.set(() => {
      debounceTimer = null;
      options.onChanges();
    }, cfg.debounceMs);
  }

  function closeStream(): void {
    abort?.abort();
    abort = null;
    idleTimer = clear(idleTimer);
  }

  function stopPolling(): void {
    pollTimer = clear(pollTimer);
    reprobeTimer = clear(reprobeTimer);
  }

  function scheduleReconnect(): void {
    if (!started) return;
    failures += 1;
    setState('waiting');
    reconnectTimer = clear(reconnectTimer);
    reconnectTimer = timers.set(() => {
      reconnectTimer = null;
      connect();
    }, backoffDelay(failures, { baseMs: cfg.baseBackoffMs, maxMs: cfg.maxBackoffMs, ...(options.random ? { random: options.random } : {}) }));
  }

  function startPolling(): void {
    setState('polling');
    const poll = (): void => {
      pollTimer = timers.set(() => {
        if (pageVisible() && browserOnline()) options.onChanges();
        poll();
      }, cfg.pollMs);
    };
    poll();
    reprobeTimer = timers.set(() => {
      reprobeTimer = null;
      stopPolling();
      connect();
    }, cfg.reprobeMs);
  }

  function armIdle(controller: AbortController): void {
    idleTimer = clear(idleTimer);
    idleTimer = timers.set(() => controller.abort(), cfg.idleTimeoutMs);
  }

  function connect(): void {
    if (!started) return;
    reconnectTimer = clear(reconnectTimer);
    closeStream();
    const token = options.getToken();
    if (token === null) {
      stop();
      return;
    }
    if (!browserOnline()) {
      setState('offline');
      return;
    }
    const controller = new AbortController();
    abort = controller;
    setState('connecting');
    void run(controller, token);
  }

  async function run(controller: AbortController, token: string): Promise<void> {
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}/api/events`, {
        method: 'GET',
        headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` },
        credentials: 'omit',
        cache: 'no-store',
        signal: controller.signal,
      });
    } catch {
      if (abort === controller) scheduleReconnect();
      return;
    }
    if (abort !== controller) {
      void response.body?.cancel().catch(() => undefined);
      return;
    }
    if (response.status === 404) {
      void response.body?.cancel().catch(() => undefined);
      abort = null;
      failures = 0;
      startPolling();
      return;
    }
    if (response.status === 401) options.onUnauthorized?.();
    if (!response.ok || response.body === null) {
      void response.body?.cancel().catch(() => undefined);
      abort = null;
      // A 401 waits the longest: a new sign-in brings a new token, read on the next attempt.
      if (response.status === 401) failures = Math.max(failures, 10);
      scheduleReconnect();
      return;
    }

    failures = 0;
    setState('open', Date.now());
    options.onOpen?.();
    // Anything appended while we were not listening is caught by one pull now.
    requestPull();
    armIdle(controller);
    const parser = createSseParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        armIdle(controller);
        for (const event of parser.push(value)) {
          if (event.event === LIVE_EVENT.changes) requestPull();
        }
      }
    } catch {
      // aborted or the connection broke: handled below
    } finally {
      reader.releaseLock();
    }
    if (abort === controller) {
      abort = null;
      idleTimer = clear(idleTimer);
      // The stream ended by itself or went silent: reopen after a (short, first) backoff.
      scheduleReconnect();
    }
  }

  function stop(): void {
    if (!started) return;
    started = false;
    unlisten?.();
    unlisten = null;
    closeStream();
    stopPolling();
    reconnectTimer = clear(reconnectTimer);
    debounceTimer = clear(debounceTimer);
    setState('stopped');
  }

  return {
    start() {
      if (started) return;
      started = true;
      failures = 0;
      unlisten = onBrowserEvents({
        online: () => {
          if (status.state !== 'open' && status.state !== 'polling') {
            failures = 0;
            connect();
          }
        },
        offline: () => {
          closeStream();
          stopPolling();
          reconnectTimer = clear(reconnectTimer);
          setState('offline');
        },
        visible: () => {
          // Coming back to the app: reopen a stream the OS may have cut while hidden.
          if (status.state === 'waiting' || status.state === 'offline') {
            failures = 0;
            connect();
          } else if (status.state === 'polling') options.onChanges();
        },
      });
      connect();
    },
    stop,
    getStatus: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The numeric settings the caller gave, without undefined holes (exactOptionalPropertyTypes). */
function pickDefined(options: LiveFeedOptions): Partial<Record<keyof typeof LIVE_DEFAULTS, number>> {
  const out: Partial<Record<keyof typeof LIVE_DEFAULTS, number>> = {};
  for (const key of Object.keys(LIVE_DEFAULTS) as (keyof typeof LIVE_DEFAULTS)[]) {
    const value = options[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
