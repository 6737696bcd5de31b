/**
 * Test support (CONVENTIONS 13, 16a): the real y-websocket client meets the real relay core in
 * process. `createTestRelay()` gives a `WebSocket` polyfill for y-websocket's
 * `WebSocketPolyfill` option; every socket it makes is one `TestSocketPair` — a client end that
 * y-websocket drives and a server end the core (sync-server/src/relay/core.ts, transport-free)
 * holds as its `Connection`, with an in-memory store (memory-store.ts).
 *
 * Frames wait in one queue per direction (tldraw's TestSocketPair). By default each queue
 * flushes itself at the end of the microtask; `manual()` makes them wait for an explicit
 * `flush()` so a test can look at the state between a frame being sent and it arriving.
 * `holdStores()` keeps the relay's store commits waiting, so nothing is acknowledged (relay
 * SPEC R3) until `releaseStores()`.
 */
import type * as Y from 'yjs';
import { createRelay } from '../../../sync-server/src/relay/core';
import type { Relay } from '../../../sync-server/src/relay/core';
import { createMemoryStore } from '../../../sync-server/src/relay/memory-store';
import type { MemoryStore } from '../../../sync-server/src/relay/memory-store';
import { silentLogger } from '../../../sync-server/src/relay/options';
import type { Authorization, AuthorizeRequest, RelayOptions } from '../../../sync-server/src/relay/options';
import type { PeerHandle } from '../../../sync-server/src/relay/peer';

type ToClient = { readonly kind: 'open' } | { readonly kind: 'message'; readonly data: Uint8Array } | { readonly kind: 'close'; readonly code: number; readonly reason: string };
type ToServer = { readonly kind: 'message'; readonly data: Uint8Array } | { readonly kind: 'close' };

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

/** Every token is a read-write member, `ro-…` a reader: the relay's own rules are tested elsewhere. */
export async function allowEveryone({ token }: AuthorizeRequest): Promise<Authorization> {
  await Promise.resolve();
  if (token === undefined || token === '') return { ok: false, code: 4401, reason: 'missing token' };
  return { ok: true, principal: { id: token, kind: 'user' }, access: token.startsWith('ro-') ? 'read-only' : 'read-write' };
}

/** One websocket: the client end is what y-websocket holds; the core holds the server end. */
export class TestSocketPair {
  readonly toClient: ToClient[] = [];
  readonly toServer: ToServer[] = [];
  /** Close codes the relay sent this socket. */
  readonly closes: { code: number; reason: string }[] = [];
  private peer: PeerHandle | undefined;
  private serverClosed = false;
  /** y-websocket closed its end (perhaps before the relay admitted it). */
  clientClosed = false;
  private scheduled = false;

  constructor(
    readonly url: string,
    readonly client: ClientEnd,
    private readonly host: TestRelayHost,
  ) {
    void this.handshake();
  }

  /** The room and query, as the relay's shell reads them. */
  private async handshake(): Promise<void> {
    const parsed = new URL(this.url);
    const path = this.host.relay.settings.path;
    const room = decodeURIComponent(parsed.pathname.slice(parsed.pathname.indexOf(path) + path.length));
    const token = parsed.searchParams.get('token') ?? undefined;
    const admission = await this.host.relay.admit({ room, token });
    // Refusals are closed after the upgrade, as the server's shell does (`refuseWith: 'close'`).
    this.queueToClient({ kind: 'open' });
    if (!admission.ok) return this.closeFromServer(admission.code, admission.reason);
    if (this.clientClosed) return;
    this.peer = this.host.relay.join(
      { send: (bytes) => this.queueToClient({ kind: 'message', data: bytes.slice() }), close: (code, reason) => this.closeFromServer(code, reason) },
      { room, principal: admission.principal, access: admission.access, ackStored: parsed.searchParams.get('ack') === '1' },
    );
  }

  private closeFromServer(code: number, reason: string): void {
    if (this.serverClosed) return;
    this.serverClosed = true;
    this.closes.push({ code, reason });
    this.queueToClient({ kind: 'close', code, reason });
  }

  queueToClient(event: ToClient): void {
    this.toClient.push(event);
    this.host.queued();
    this.schedule();
  }

  queueToServer(event: ToServer): void {
    this.toServer.push(event);
    this.schedule();
  }

  private schedule(): void {
    if (this.host.manual || this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Deliver everything queued, both ways, until both queues are empty. */
  flush(): void {
    while (this.toClient.length > 0 || this.toServer.length > 0) {
      for (const event of this.toServer.splice(0)) this.deliverToServer(event);
      for (const event of this.toClient.splice(0)) this.client.receive(event);
    }
  }

  private deliverToServer(event: ToServer): void {
    if (this.serverClosed || this.peer === undefined) return;
    if (event.kind === 'close') {
      this.serverClosed = true;
      this.peer.disconnect();
    } else this.peer.receive(event.data);
  }

  get pending(): number {
    return this.toClient.length + this.toServer.length;
  }
}

/** The client end: the slice of the DOM WebSocket that y-websocket uses. */
class ClientEnd {
  static readonly CONNECTING = CONNECTING;
  static readonly OPEN = OPEN;
  static readonly CLOSED = CLOSED;
  readonly OPEN = OPEN;
  readyState = CONNECTING;
  binaryType = 'arraybuffer';
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly pair: TestSocketPair;

  constructor(url: string, host: TestRelayHost) {
    this.pair = new TestSocketPair(url, this, host);
  }

  send(data: Uint8Array | ArrayBuffer): void {
    if (this.readyState !== OPEN) return;
    this.pair.queueToServer({ kind: 'message', data: new Uint8Array(data).slice() });
  }

  close(): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.pair.clientClosed = true;
    this.pair.queueToServer({ kind: 'close' });
  }

  receive(event: ToClient): void {
    if (this.readyState === CLOSED) return;
    if (event.kind === 'open') {
      this.readyState = OPEN;
      this.onopen?.();
    } else if (event.kind === 'message') {
      this.onmessage?.({ data: event.data.slice().buffer });
    } else {
      this.readyState = CLOSED;
      this.onclose?.({ code: event.code, reason: event.reason, wasClean: true });
    }
  }
}

interface TestRelayHost {
  readonly relay: Relay;
  readonly manual: boolean;
  /** The relay queued something for a client. */
  queued(): void;
}

export interface TestRelayOptions {
  readonly authorize?: (request: AuthorizeRequest) => Promise<Authorization>;
  readonly relay?: RelayOptions;
}

export interface TestRelay {
  readonly relay: Relay;
  readonly store: MemoryStore;
  /** For y-websocket's `WebSocketPolyfill`: every `new` opens a pair into the core. */
  readonly WebSocket: typeof WebSocket;
  /** Every socket opened, in order. */
  readonly pairs: readonly TestSocketPair[];
  readonly urls: readonly string[];
  /** The relay's live doc of the instance's room. */
  roomDoc(instanceId: string): Y.Doc | undefined;
  /** Frames wait for `flush()` from now on. */
  manual(): void;
  /** Deliver everything queued on every socket. */
  flush(): void;
  /** Resolves when the relay next queues something for a client (manual mode: then `flush()`). */
  whenQueued(): Promise<void>;
  /** Store commits wait (nothing is acknowledged) until `releaseStores()`. */
  holdStores(): void;
  releaseStores(): void;
  close(): Promise<void>;
}

export function createTestRelay(options: TestRelayOptions = {}): TestRelay {
  const store = createMemoryStore();
  let held: (() => void)[] | null = null;
  const gate = async (): Promise<void> => {
    if (held) await new Promise<void>((resolve) => held?.push(resolve));
  };
  const relay = createRelay(
    {
      authorize: options.authorize ?? allowEveryone,
      ...store,
      appendUpdate: async (room, update) => (await gate(), store.appendUpdate(room, update)),
      appendUpdates: async (room, updates) => (await gate(), store.appendUpdates(room, updates)),
    },
    { logger: silentLogger, ...options.relay },
  );
  const pairs: TestSocketPair[] = [];
  let waiters: (() => void)[] = [];
  const host = {
    relay,
    manual: false,
    queued() {
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) resolve();
    },
  };

  class PolyfilledWebSocket extends ClientEnd {
    constructor(url: string) {
      super(url, host);
      pairs.push(this.pair);
    }
  }
  const releaseStores = (): void => {
    const waiting = held ?? [];
    held = null;
    for (const resolve of waiting) resolve();
  };

  return {
    relay,
    store,
    WebSocket: PolyfilledWebSocket as unknown as typeof WebSocket,
    pairs,
    get urls() {
      return pairs.map((p) => p.url);
    },
    roomDoc: (instanceId) => relay.roomDoc(`instance:${instanceId}`),
    manual() {
      host.manual = true;
    },
    flush() {
      while (pairs.some((p) => p.pending > 0)) for (const pair of pairs) pair.flush();
    },
    whenQueued: () => new Promise<void>((resolve) => waiters.push(resolve)),
    holdStores() {
      held ??= [];
    },
    releaseStores,
    async close() {
      releaseStores();
      await relay.close();
    },
  };
}
