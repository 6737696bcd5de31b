/** Stock y-websocket clients against a real relay, with waits on provider events and deadlines. */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

export interface YjsClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** Every close the relay sent, oldest first. */
  readonly closes: CloseInfo[];
  /** Resolves on the next (or current) synced state. */
  synced(timeoutMs?: number): Promise<void>;
  /** Resolves with the next close the relay sends. */
  nextClose(timeoutMs?: number): Promise<CloseInfo>;
  destroy(): void;
}

/** Reject with `what` if `promise` has not settled within `timeoutMs`. */
export function withDeadline<T>(promise: Promise<T>, what: string, timeoutMs = 5_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Check `predicate` after every turn of the event loop until it holds or the deadline passes. */
export async function until(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** `baseUrl` is the server's http URL; the client speaks to `ws://…/yjs/<room>?token=`. */
export function connectYjs(baseUrl: string, room: string, token: string | undefined, doc = new Y.Doc()): YjsClient {
  const params: Record<string, string> = token === undefined ? {} : { token };
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/yjs`, room, doc, {
    params,
    disableBc: true,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    maxBackoffTime: 200,
  });
  const closes: CloseInfo[] = [];
  const closeWaiters: ((close: CloseInfo) => void)[] = [];
  provider.on('connection-close', (event) => {
    // CloseEvent is a DOM type this (node-only) project does not load.
    const close = event as unknown as CloseInfo | null;
    if (!close) return;
    const info = { code: close.code, reason: close.reason };
    closes.push(info);
    for (const waiter of closeWaiters.splice(0)) waiter(info);
  });
  return {
    doc,
    provider,
    closes,
    synced: (timeoutMs) =>
      withDeadline(
        provider.synced ? Promise.resolve() : new Promise<void>((resolve) => provider.once('sync', () => resolve())),
        `sync of ${room}`,
        timeoutMs,
      ),
    nextClose: (timeoutMs) => withDeadline(new Promise<CloseInfo>((resolve) => closeWaiters.push(resolve)), `a close of ${room}`, timeoutMs),
    destroy: () => provider.destroy(),
  };
}
