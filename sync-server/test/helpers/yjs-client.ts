/** The stock y-websocket client against a real relay (the server or the bare relay), with waits on its events. */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import { MESSAGE } from '../../src/relay';
import { waitFor } from './wait';

export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

/** The relay's websocket endpoint for an http base URL: `http://host:port` -> `ws://host:port/yjs`. */
export const yjsEndpoint = (baseUrl: string): string => `${baseUrl.replace(/^http/, 'ws')}/yjs`;

export interface YjsClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** The last stored state vector (message type 100), if the client asked for acks. */
  stored: Map<number, number> | undefined;
  /** Every close the relay sent, oldest first. */
  readonly closes: CloseInfo[];
  /** Resolves on the next (or current) synced state. */
  synced(timeoutMs?: number): Promise<void>;
  /** Resolves with the next close the relay sends. */
  nextClose(timeoutMs?: number): Promise<CloseInfo>;
  destroy(): void;
}

export interface ConnectOptions {
  /** Ask for the stored-state acknowledgement (`?ack=1`), kept in `stored`. */
  readonly ack?: boolean;
  /** The doc to sync (default a fresh one). */
  readonly doc?: Y.Doc;
}

/** `baseUrl` is the relay's http URL; the client speaks to `ws://…/yjs/<room>?token=`. */
export function connectYjs(baseUrl: string, room: string, token: string | undefined, options: ConnectOptions = {}): YjsClient {
  const doc = options.doc ?? new Y.Doc();
  const params: Record<string, string> = {};
  if (token !== undefined) params.token = token;
  if (options.ack) params.ack = '1';
  const provider = new WebsocketProvider(yjsEndpoint(baseUrl), room, doc, {
    params,
    disableBc: true,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    maxBackoffTime: 200,
  });
  const closeWaiters: ((close: CloseInfo) => void)[] = [];
  const client: YjsClient = {
    doc,
    provider,
    stored: undefined,
    closes: [],
    synced: (timeoutMs) =>
      waitFor(provider.synced ? Promise.resolve() : new Promise<void>((resolve) => provider.once('sync', () => resolve())), `sync of ${room}`, timeoutMs),
    nextClose: (timeoutMs) => waitFor(new Promise<CloseInfo>((resolve) => closeWaiters.push(resolve)), `a close of ${room}`, timeoutMs),
    destroy: () => provider.destroy(),
  };
  provider.messageHandlers[MESSAGE.stored] = (_encoder, decoder) => {
    client.stored = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
  };
  provider.on('connection-close', (event) => {
    // CloseEvent is a DOM type this (node-only) project does not load.
    const close = event as unknown as CloseInfo | null;
    if (!close) return;
    const info = { code: close.code, reason: close.reason };
    client.closes.push(info);
    for (const waiter of closeWaiters.splice(0)) waiter(info);
  });
  return client;
}

/** True when `stored` covers every client clock of `doc`'s state vector. */
export function covers(stored: Map<number, number> | undefined, doc: Y.Doc): boolean {
  if (!stored) return false;
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
    if ((stored.get(client) ?? 0) < clock) return false;
  }
  return true;
}
