import 'fake-indexeddb/auto';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { markSent, writeRecords } from '../db';
import { anInstance, closeTestDbs, freshDb, uuid } from '../db/test-support';
import type { UserId } from '../domain';
import { createProviderManager, MESSAGE_STORED } from './providers';
import type { ProviderManager, ProviderManagerState } from './providers';
import { readRelayMarkers, UNKNOWN_PENDING, writeRelayMarker } from './relay-state';

afterEach(closeTestDbs);

/**
 * A stand-in for the relay behind a WebSocket polyfill: answers the y-websocket sync protocol
 * from one Y.Doc per room and, like the real relay with `ack=1`, sends message 100 with its
 * stored state vector after sync step 1 and after each stored update. `holdAcks` keeps updates
 * "unstored" (not applied, not acknowledged) until `releaseAcks`.
 */
function fakeRelay(options: { closeWith?: { code: number; reason: string } } = {}) {
  const rooms = new Map<string, Y.Doc>();
  const urls: string[] = [];
  let held: { socket: FakeSocket; update: Uint8Array }[] | null = null;
  const roomOf = (url: string): Y.Doc => {
    const name = new URL(url).pathname.split('/').pop() ?? '';
    let doc = rooms.get(name);
    if (!doc) rooms.set(name, (doc = new Y.Doc()));
    return doc;
  };
  const ack = (socket: FakeSocket, doc: Y.Doc) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_STORED);
    encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc));
    socket.deliver(encoding.toUint8Array(encoder));
  };

  class FakeSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readonly OPEN = 1;
    readyState = 0;
    binaryType = 'arraybuffer';
    onopen: (() => void) | null = null;
    onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
    onclose: ((event: { code: number; reason: string }) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    private readonly doc: Y.Doc;

    constructor(readonly url: string) {
      urls.push(url);
      this.doc = roomOf(url);
      queueMicrotask(() => {
        this.readyState = 1;
        this.onopen?.();
        if (options.closeWith) this.serverClose(options.closeWith.code, options.closeWith.reason);
      });
    }

    deliver(bytes: Uint8Array): void {
      if (this.readyState !== 1) return;
      const copy = bytes.slice();
      queueMicrotask(() => this.onmessage?.({ data: copy.buffer }));
    }

    send(data: Uint8Array): void {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) !== 0) return; // awareness: not part of this test
      const sub = decoding.peekVarUint(decoder);
      if (sub === syncProtocol.messageYjsSyncStep1) {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, 0);
        syncProtocol.readSyncMessage(decoder, encoder, this.doc, 'relay');
        this.deliver(encoding.toUint8Array(encoder));
        // Like the real relay: ask for the client's state with our own step 1.
        const step1 = encoding.createEncoder();
        encoding.writeVarUint(step1, 0);
        syncProtocol.writeSyncStep1(step1, this.doc);
        this.deliver(encoding.toUint8Array(step1));
        ack(this, this.doc);
        return;
      }
      decoding.readVarUint(decoder);
      const update = decoding.readVarUint8Array(decoder);
      if (held) held.push({ socket: this, update });
      else {
        Y.applyUpdate(this.doc, update, 'relay');
        ack(this, this.doc);
      }
    }

    serverClose(code: number, reason: string): void {
      this.readyState = 3;
      queueMicrotask(() => this.onclose?.({ code, reason }));
    }

    close(): void {
      this.readyState = 3;
    }
  }

  return {
    WebSocket: FakeSocket as unknown as typeof WebSocket,
    urls,
    room: (instanceId: string) => roomOf(`ws://relay.test/yjs/instance:${instanceId}`),
    holdAcks: () => (held = []),
    releaseAcks() {
      const list = held ?? [];
      held = null;
      for (const { socket, update } of list) {
        Y.applyUpdate(socket['doc'], update, 'relay');
        ack(socket, socket['doc']);
      }
    },
  };
}

/** Resolves with the first manager state that satisfies `predicate` (event-driven, no sleeps). */
function stateWhere(manager: ProviderManager, predicate: (state: ProviderManagerState) => boolean): Promise<ProviderManagerState> {
  return new Promise((resolve) => {
    if (predicate(manager.getState())) return resolve(manager.getState());
    const off = manager.subscribe((state) => {
      if (predicate(state)) {
        off();
        resolve(state);
      }
    });
  });
}

const me = uuid() as UserId;
const managers: ProviderManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.stop()));
});

function manager(db: ReturnType<typeof freshDb>, relay: ReturnType<typeof fakeRelay>, extra: Partial<Parameters<typeof createProviderManager>[0]> = {}) {
  const m = createProviderManager({ db, token: 'tok', baseUrl: 'ws://relay.test/yjs', device: 'tablet-1', WebSocketPolyfill: relay.WebSocket, ...extra });
  managers.push(m);
  return m;
}

describe('provider manager', () => {
  it('connects an attached doc with token and ack=1, and counts pending until the relay stores it', async () => {
    const db = freshDb();
    const relay = fakeRelay();
    const id = uuid();
    const doc = new Y.Doc();
    doc.getArray('writes').push([{ key: 'd:s1' }]);
    const m = manager(db, relay);

    relay.holdAcks();
    m.attach(id, doc);
    await stateWhere(m, (s) => s.instances.some((i) => i.instanceId === id && i.connection === 'connected'));
    expect(relay.urls[0]).toBe(`ws://relay.test/yjs/instance:${id}?token=tok&ack=1`);
    // Sync step 2 is held: the relay acknowledged only its empty state.
    const before = await stateWhere(m, (s) => s.pending === 1);
    expect(before.instances[0]?.pending).toBe(1);

    relay.releaseAcks();
    await stateWhere(m, (s) => s.pending === 0 && s.instances[0]?.acknowledgedAt !== undefined);
    expect(relay.room(id).getArray('writes').length).toBe(1);
    const marker = (await readRelayMarkers(db)).get(id);
    expect(marker).toMatchObject({ pending: 0 });
    expect(marker?.stateVector).not.toBe('');

    relay.holdAcks();
    doc.getArray('writes').push([{ key: 'd:s2' }]);
    await stateWhere(m, (s) => s.pending === 1);
    relay.releaseAcks();
    await stateWhere(m, (s) => s.pending === 0);
  });

  it('waits for the instance record to reach the relay before opening a room it never acknowledged', async () => {
    const db = freshDb();
    const relay = fakeRelay();
    const instance = anInstance({ userId: me });
    await writeRecords(db, [{ kind: 'instance', value: instance }]);
    const doc = new Y.Doc();
    doc.getArray('writes').push([{ key: 'd:s1' }]);
    const m = manager(db, relay);

    m.attach(instance.id, doc);
    await stateWhere(m, (s) => s.instances.some((i) => i.connection === 'waiting-for-record'));
    expect(relay.urls).toEqual([]);

    const entry = await db.outbox.toCollection().first();
    await markSent(db, entry?.seq ?? -1);
    await stateWhere(m, (s) => s.pending === 0 && s.instances[0]?.connection === 'connected');
    expect(relay.urls).toHaveLength(1);
  });

  it('stops retrying on a 44xx close and records the reason; 4401 signals an expired session', async () => {
    const db = freshDb();
    const relay = fakeRelay({ closeWith: { code: 4401, reason: 'not authenticated' } });
    let expired = 0;
    const m = manager(db, relay, { onSessionExpired: () => (expired += 1) });
    const id = uuid();
    const doc = new Y.Doc();
    doc.getArray('writes').push([{ key: 'd:s1' }]);
    m.attach(id, doc);

    const state = await stateWhere(m, (s) => s.sessionExpired);
    expect(state.instances[0]).toMatchObject({ connection: 'refused', refused: { code: 4401, reason: 'not authenticated' }, pending: 1 });
    expect(expired).toBe(1);
    expect(relay.urls).toHaveLength(1);
    expect((await readRelayMarkers(db)).get(id)?.refused?.code).toBe(4401);
  });

  it('pushes an instance with unmeasured changes in the background and closes it once stored', async () => {
    const db = freshDb();
    const relay = fakeRelay();
    const id = uuid();
    await writeRelayMarker(db, id, { stateVector: '', pending: UNKNOWN_PENDING, at: 1 });
    const stored = new Y.Doc();
    stored.getArray('writes').push([{ key: 'd:s1' }, { key: 'd:s2' }]);
    let closed = 0;
    const m = manager(db, relay, {
      loadDoc: () => {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(stored));
        return Promise.resolve({ doc, close: () => Promise.resolve(void (closed += 1)) });
      },
    });
    m.syncNow();

    await stateWhere(m, (s) => s.ready && s.instances.length === 0 && closed === 1);
    expect(relay.room(id).getArray('writes').length).toBe(2);
    expect((await readRelayMarkers(db)).get(id)?.pending).toBe(0);
  });
});
