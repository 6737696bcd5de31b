import { createValueStore } from '../domain/value-store';
import { createLoop } from './loop';
import type { RunOutcome } from './loop';
import { browserPlatform } from './platform';
import type { Platform } from './platform';
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

/** A 401 waits the longest: a new sign-in brings a new token, read on the next attempt. */
const UNAUTHORIZED_ATTEMPT = 10;

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
  /** Timers, clock and browser events (default: the browser's). */
  readonly platform?: Platform;
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
 * `event: changes` it asks for a pull. One stream at a time on the sync loop (loop.ts): a run
 * is one connection, from the request until the stream ends; it reopens with backoff and
 * stops while offline.
 */
export function createLiveFeed(options: LiveFeedOptions): LiveFeed {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const platform = options.platform ?? browserPlatform;
  const cfg = { ...LIVE_DEFAULTS, ...pickDefined(options) };
  const status = createValueStore<LiveStatus>({ state: 'stopped' });

  let debounceTimer: unknown = null;
  let pollTimer: unknown = null;
  let reprobeTimer: unknown = null;
  let idleTimer: unknown = null;

  const setState = (state: LiveState, openedAt?: number): void => {
    const at = openedAt ?? status.get().openedAt;
    status.set({ state, ...(at !== undefined ? { openedAt: at } : {}) });
  };
  const clear = (handle: unknown): null => {
    if (handle !== null) platform.clearTimer(handle);
    return null;
  };

  function requestPull(): void {
    debounceTimer = clear(debounceTimer);
    debounceTimer = platform.setTimer(() => {
      debounceTimer = null;
      options.onChanges();
    }, cfg.debounceMs);
  }

  function stopPolling(): void {
    pollTimer = clear(pollTimer);
    reprobeTimer = clear(reprobeTimer);
  }

  function startPolling(): void {
    setState('polling');
    const poll = (): void => {
      pollTimer = platform.setTimer(() => {
        if (platform.visible() && platform.online()) options.onChanges();
        poll();
      }, cfg.pollMs);
    };
    poll();
    reprobeTimer = platform.setTimer(() => {
      reprobeTimer = null;
      stopPolling();
      void loop.trigger('timer');
    }, cfg.reprobeMs);
  }

  function armIdle(stream: AbortController): void {
    idleTimer = clear(idleTimer);
    idleTimer = platform.setTimer(() => stream.abort(), cfg.idleTimeoutMs);
  }

  /** One connection: open the stream and read it until it ends. */
  async function connect(signal: AbortSignal): Promise<RunOutcome> {
    const token = options.getToken();
    if (token === null) {
      stop();
      return 'idle';
    }
    if (!platform.online()) {
      setState('offline');
      return 'idle';
    }
    setState('connecting');
    // The stream has its own abort: going silent ends this connection, not the loop.
    const stream = new AbortController();
    const onAbort = (): void => stream.abort();
    signal.addEventListener('abort', onAbort);
    try {
      let response: Response;
      try {
        response = await doFetch(`${baseUrl}/api/events`, {
          method: 'GET',
          headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` },
          credentials: 'omit',
          cache: 'no-store',
          signal: stream.signal,
        });
      } catch {
        return signal.aborted ? 'idle' : 'failed';
      }
      if (signal.aborted || response.status === 404 || !response.ok || response.body === null) {
        void response.body?.cancel().catch(() => undefined);
      }
      if (signal.aborted) return 'idle';
      if (response.status === 404) {
        loop.resetBackoff();
        startPolling();
        return 'idle';
      }
      if (response.status === 401) options.onUnauthorized?.();
      if (!response.ok || response.body === null) {
        if (response.status === 401) loop.backoffAtLeast(UNAUTHORIZED_ATTEMPT);
        return 'failed';
      }
      loop.resetBackoff();
      setState('open', platform.now());
      options.onOpen?.();
      // Anything appended while we were not listening is caught by one pull now.
      requestPull();
      await read(response.body, stream);
      idleTimer = clear(idleTimer);
      // The stream ended by itself or went silent: reopen after a (short, first) backoff.
      return signal.aborted ? 'idle' : 'failed';
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  async function read(body: NonNullable<Response['body']>, stream: AbortController): Promise<void> {
    armIdle(stream);
    const parser = createSseParser();
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        armIdle(stream);
        for (const event of parser.push(value)) {
          if (event.event === LIVE_EVENT.changes) requestPull();
        }
      }
    } catch {
      // aborted or the connection broke: the caller reconnects
    } finally {
      reader.releaseLock();
    }
  }

  const loop = createLoop({
    run: connect,
    platform,
    backoff: { baseMs: cfg.baseBackoffMs, maxMs: cfg.maxBackoffMs, ...(options.random ? { random: options.random } : {}) },
    // Every trigger means "connect now"; one asked for while a stream is open changes nothing.
    urgent: 'all',
    rerun: false,
    onWaiting: () => setState('waiting'),
    events: {
      online: () => {
        const { state } = status.get();
        if (state !== 'open' && state !== 'polling') {
          loop.resetBackoff();
          void loop.trigger('online');
        }
      },
      offline: () => {
        loop.cancel();
        stopPolling();
        idleTimer = clear(idleTimer);
        setState('offline');
      },
      visible: () => {
        // Coming back to the app: reopen a stream the OS may have cut while hidden.
        const { state } = status.get();
        if (state === 'waiting' || state === 'offline') {
          loop.resetBackoff();
          void loop.trigger('visible');
        } else if (state === 'polling') options.onChanges();
      },
    },
  });

  function stop(): void {
    if (!loop.started) return;
    loop.stop();
    stopPolling();
    idleTimer = clear(idleTimer);
    debounceTimer = clear(debounceTimer);
    setState('stopped');
  }

  return {
    start() {
      if (loop.started) return;
      loop.resetBackoff();
      loop.start();
      void loop.trigger('start');
    },
    stop,
    getStatus: () => status.get(),
    subscribe: (listener) => status.subscribe(listener),
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
