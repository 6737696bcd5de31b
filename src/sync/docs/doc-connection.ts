/**
 * One y-websocket connection of one instance doc to its room, with the close-code policy
 * (close-policy.ts): a refusal stops it for good, anything else reconnects with a fresh token.
 * It reports what happened; the manager decides what that means for the doc.
 */
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { isPermanentClose } from './close-policy';
import { MESSAGE } from '../../protocol';
import { roomOfInstance } from '../../protocol';

export const roomName = roomOfInstance;

export interface DocConnectionOptions {
  /** Websocket base, e.g. `wss://relay.example/yjs`; the room is appended. */
  readonly baseUrl: string;
  readonly instanceId: string;
  readonly doc: Y.Doc;
  /** Published in awareness so other devices can tell who is editing. */
  readonly device: string;
  /** The token for this attempt; `token()` is asked again before every reconnect. */
  readonly firstToken: string;
  readonly token: () => string | null;
  /** y-websocket's reconnect backoff cap. */
  readonly maxBackoffMs: number;
  readonly WebSocketPolyfill?: typeof WebSocket;
}

/** What the connection reports. Nothing is reported once it was destroyed. */
export interface DocConnectionEvents {
  /** The socket opened (`connected`), or is being (re)opened (`connecting`). */
  status(status: 'connecting' | 'connected'): void;
  /** A socket failed before it opened: the relay may be unreachable. */
  failed(): void;
  /** Type 100 with the stored state vector's bytes. */
  stored(bytes: Uint8Array): void;
  /** Type 101: the relay drops what this connection sends. */
  writesRefused(): void;
  /** Closed with a refusal (4400–4499); the connection has stopped. */
  refused(code: number, reason: string): void;
}

export interface DocConnection {
  /** Reconnect now if the socket is down (the "Sync now" button). */
  reconnect(): void;
  destroy(): void;
}

export function openDocConnection(options: DocConnectionOptions, events: DocConnectionEvents): DocConnection {
  let destroyed = false;
  let connected = false;
  const provider = new WebsocketProvider(options.baseUrl, roomName(options.instanceId), options.doc, {
    params: { token: options.firstToken, ack: '1' },
    maxBackoffTime: options.maxBackoffMs,
    // A refusal is handled below (recorded and shown); y-websocket must never retry a 44xx.
    shouldReconnect: (event) => !isPermanentClose(event.code),
    ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
  });
  provider.awareness.setLocalStateField('device', options.device);

  provider.messageHandlers[MESSAGE.stored] = (_encoder, decoder) => {
    let bytes: Uint8Array;
    try {
      bytes = decoding.readVarUint8Array(decoder);
    } catch {
      return; // a truncated acknowledgement is dropped (CONVENTIONS 10, SPEC D3)
    }
    if (!destroyed) events.stored(bytes);
  };
  provider.messageHandlers[MESSAGE.writesRefused] = () => {
    if (!destroyed) events.writesRefused();
  };
  provider.on('status', ({ status }) => {
    if (destroyed) return;
    if (status === 'connected') {
      connected = true;
      events.status('connected');
    } else if (status === 'connecting' && !connected) events.status('connecting');
  });
  provider.on('connection-error', () => {
    if (!destroyed && !connected) events.failed();
  });
  provider.on('connection-close', (event) => {
    if (destroyed || event === null) return; // null: closed by us
    connected = false;
    if (isPermanentClose(event.code)) {
      provider.disconnect();
      connection.destroy();
      events.refused(event.code, event.reason);
      return;
    }
    // A reconnect uses the current token (a new sign-in may have replaced it).
    const fresh = options.token();
    if (fresh !== null) provider.params = { token: fresh, ack: '1' };
    events.status('connecting');
  });

  const connection: DocConnection = {
    reconnect: () => provider.connect(),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      provider.destroy();
    },
  };
  return connection;
}
