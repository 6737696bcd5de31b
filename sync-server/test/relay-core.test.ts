/** The transport-free core (rule ids from sync-server/src/relay/SPEC.md), driven without sockets. */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../src/protocol';
import { createMemoryStore, createRelay, silentLogger } from '../src/relay';
import type { Relay, RelayHooks, RelayOptions } from '../src/relay';
import { newRoom, testAuthorize } from './helpers/relay-harness';
import { covers } from './helpers/yjs-client';
import { FakeDevice } from './helpers/fake-peer';
import { deferred, waitFor } from './helpers/wait';

let relays: Relay[] = [];
afterEach(async () => {
  await Promise.all(relays.map((r) => r.close()));
  relays = [];
});

function makeRelay(hooks: Partial<RelayHooks> = {}, options: RelayOptions = {}): { relay: Relay; store: ReturnType<typeof createMemoryStore> } {
  const store = createMemoryStore();
  const relay = createRelay({ authorize: testAuthorize, ...store, ...hooks }, { logger: silentLogger, ...options });
  relays.push(relay);
  return { relay, store };
}

function storedDoc(rows: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const row of rows) Y.applyUpdate(doc, row);
  return doc;
}

describe('relay core', () => {
  it('R1: sends sync step 1 only after the stored updates are loaded, with one load for concurrent joiners', async () => {
    const seed = new Y.Doc();
    seed.getMap('steps').set('s1', 'done');
    const gate = deferred<Uint8Array[]>();
    let loads = 0;
    const { relay } = makeRelay({ loadRoom: () => (loads++, gate.promise) });
    const room = newRoom();
    const a = await FakeDevice.join(relay, room, 'rw-a');
    const b = await FakeDevice.join(relay, room, 'rw-b');
    a.syncStep1(); // arrives while the room loads: held, answered after the load
    expect(a.inbox).toHaveLength(0);
    expect(b.inbox).toHaveLength(0);
    gate.resolve([Y.encodeStateAsUpdate(seed)]);
    await waitFor(() => a.inbox.length > 0 && b.inbox.length > 0, 'sync step 1');
    expect(loads).toBe(1);
    expect([...a.inbox[0]!.subarray(0, 2)]).toEqual([0, 0]); // sync step 1 first
    a.drain();
    expect(a.doc.getMap('steps').get('s1')).toBe('done');
  });

  it('R3: acknowledges an update only after its append resolved, with a state vector covering it', async () => {
    const gate = deferred<void>();
    const appending = deferred<void>();
    const { relay, store } = makeRelay({
      appendUpdates: (room, updates) => {
        appending.resolve();
        return gate.promise.then(() => store.appendUpdates(room, updates));
      },
    });
    const room = newRoom();
    const writer = await FakeDevice.join(relay, room, 'rw-a');
    const reader = await FakeDevice.join(relay, room, 'rw-b');
    await waitFor(() => writer.inbox.length > 0, 'sync step 1');
    writer.drain();
    reader.drain();
    writer.edit((doc) => doc.getMap('steps').set('s1', 'done'));
    expect(reader.drain()).toContain(0); // broadcast right away
    expect(reader.doc.getMap('steps').get('s1')).toBe('done');
    await waitFor(appending.promise, 'the relay to start appending the update');
    writer.drain();
    // not acknowledged while the append is pending
    expect(covers(writer.stored, writer.doc)).toBe(false);
    gate.resolve();
    await waitFor(() => (writer.drain(), covers(writer.stored, writer.doc)), 'stored ack');
    expect(storedDoc(store.rows(room)).getMap('steps').get('s1')).toBe('done');
  });

  it('R3: sends type 100 only to connections that opted in', async () => {
    const { relay } = makeRelay();
    const room = newRoom();
    const stock = await FakeDevice.join(relay, room, 'rw-a', false);
    await waitFor(() => stock.inbox.length > 0, 'sync step 1');
    stock.drain();
    stock.edit((doc) => doc.getMap('m').set('k', 1));
    await relay.drain();
    expect(stock.drain()).not.toContain(100);
  });

  it('R4: a failed append is retried and acknowledged only once it succeeds', async () => {
    let failures = 1;
    const { relay, store } = makeRelay(
      {
        appendUpdates: (room, updates) => {
          if (failures-- > 0) throw new Error('disk full');
          return store.appendUpdates(room, updates);
        },
      },
      { storeRetryMs: 5 },
    );
    const room = newRoom();
    const device = await FakeDevice.join(relay, room, 'rw-a');
    await waitFor(() => device.inbox.length > 0, 'sync step 1');
    device.drain();
    device.edit((doc) => doc.getMap('m').set('k', 1));
    await waitFor(() => (device.drain(), covers(device.stored, device.doc)), 'ack after retry');
    expect(failures).toBe(-1);
    expect(storedDoc(store.rows(room)).getMap('m').get('k')).toBe(1);
  });

  it('R5: compacts a room log into one row after compactAfterUpdates', async () => {
    const { relay, store } = makeRelay({}, { compactAfterUpdates: 5, compactDebounceMs: 0 });
    const room = newRoom();
    const device = await FakeDevice.join(relay, room, 'rw-a');
    await waitFor(() => device.inbox.length > 0, 'sync step 1');
    for (let i = 0; i < 8; i++) {
      device.edit((doc) => doc.getMap('m').set(`k${i}`, i));
      await relay.drain();
    }
    await waitFor(() => store.rows(room).length <= 4, 'compaction');
    expect(storedDoc(store.rows(room)).getMap('m').toJSON()).toEqual(device.doc.getMap('m').toJSON());
  });

  it('R6: drops sync step 2 and updates of read-only connections, which still receive updates', async () => {
    const { relay, store } = makeRelay();
    const room = newRoom();
    const viewer = await FakeDevice.join(relay, room, 'ro-admin');
    const owner = await FakeDevice.join(relay, room, 'rw-owner');
    await waitFor(() => viewer.inbox.length > 0 && owner.inbox.length > 0, 'sync step 1');
    viewer.doc.getMap('m').set('forged', true);
    viewer.drain(); // answers step 1 with a step 2 carrying the forged edit
    viewer.edit((doc) => doc.getMap('m').set('forged2', true));
    owner.edit((doc) => doc.getMap('m').set('real', true));
    await relay.drain();
    owner.drain();
    viewer.drain();
    expect(viewer.closed).toBeUndefined();
    expect(relay.roomDoc(room)?.getMap('m').toJSON()).toEqual({ real: true });
    expect(storedDoc(store.rows(room)).getMap('m').toJSON()).toEqual({ real: true });
    expect(owner.doc.getMap('m').toJSON()).toEqual({ real: true });
    expect(viewer.doc.getMap('m').get('real')).toBe(true);
    expect(relay.stats().droppedReadOnlyFrames).toBe(2);
  });

  it.each([
    ['garbage', new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), CLOSE_CODES.badMessage],
    ['a truncated update', new Uint8Array([0, 2, 40, 1, 2, 3]), CLOSE_CODES.badMessage],
    ['an unknown message type', new Uint8Array([7, 0]), CLOSE_CODES.badMessage],
    ['an unknown sync type', new Uint8Array([0, 9, 0]), CLOSE_CODES.badMessage],
    ['an update Yjs rejects', new Uint8Array([0, 2, 3, 0xff, 0xff, 0xff]), CLOSE_CODES.badMessage],
    ['an awareness update that is not JSON', new Uint8Array([1, 5, 1, 1, 1, 2, 0x7b]), CLOSE_CODES.badMessage],
    ['trailing bytes', new Uint8Array([3, 0]), CLOSE_CODES.badMessage],
    ['a frame over maxFrameBytes', new Uint8Array(2048), CLOSE_CODES.tooLarge],
  ])('R8: %s closes only that connection', async (_name, frame, code) => {
    const { relay, store } = makeRelay({}, { maxFrameBytes: 1024 });
    const room = newRoom();
    const bad = await FakeDevice.join(relay, room, 'rw-mallory');
    const good = await FakeDevice.join(relay, room, 'rw-alice');
    await waitFor(() => good.inbox.length > 0 && bad.inbox.length > 0, 'sync step 1');
    good.drain();
    good.edit((doc) => doc.getMap('m').set('before', 1));
    await relay.drain();
    bad.push(frame);
    expect(bad.closed?.code).toBe(code);
    good.edit((doc) => doc.getMap('m').set('after', 2));
    await relay.drain();
    expect(good.closed).toBeUndefined();
    expect(relay.roomDoc(room)?.getMap('m').toJSON()).toEqual({ before: 1, after: 2 });
    expect(storedDoc(store.rows(room)).getMap('m').toJSON()).toEqual({ before: 1, after: 2 });
    expect(relay.stats().connections).toBe(1);
  });

  it('R9: closes a connection over its message rate with 4429', async () => {
    let clock = 0;
    const { relay } = makeRelay({}, { rateLimit: { messagesPerSecond: 1, burst: 3 }, now: () => clock });
    const room = newRoom();
    const device = await FakeDevice.join(relay, room, 'rw-a');
    await waitFor(() => device.inbox.length > 0, 'sync step 1');
    for (let i = 0; i < 3; i++) device.edit((doc) => doc.getMap('m').set(`k${i}`, i));
    expect(device.closed).toBeUndefined();
    clock += 1000; // one token back
    device.edit((doc) => doc.getMap('m').set('k3', 3));
    expect(device.closed).toBeUndefined();
    device.edit((doc) => doc.getMap('m').set('k4', 4));
    expect(device.closed?.code).toBe(CLOSE_CODES.rateLimited);
  });

  it.each(['foo', 'instance:not-a-uuid', 'instance:6F9619FF-8B86-D011-B42D-00C04FC964FF', '__proto__', 'instance:'])('R2: refuses room name %j with 4404', async (room) => {
    const { relay } = makeRelay();
    expect(await relay.admit({ room, token: 'rw-a' })).toMatchObject({ ok: false, code: CLOSE_CODES.unknownRoom });
  });

  it('R7: evicts an idle room and reloads it from the store on the next join', async () => {
    const { relay } = makeRelay({}, { evictIdleRoomAfterMs: 0 });
    const room = newRoom();
    const first = await FakeDevice.join(relay, room, 'rw-a');
    await waitFor(() => first.inbox.length > 0, 'sync step 1');
    first.edit((doc) => doc.getText('notes').insert(0, 'valve 3 leaking'));
    first.handle?.disconnect();
    await waitFor(() => relay.stats().rooms === 0, 'eviction');
    const second = await FakeDevice.join(relay, room, 'rw-b');
    second.syncStep1();
    await waitFor(() => (second.drain(), second.doc.getText('notes').toJSON() === 'valve 3 leaking'), 'reload');
  });

  it('closeWhere closes matching connections with the given code and keeps the others', async () => {
    const { relay } = makeRelay();
    const room = newRoom();
    const revoked = await FakeDevice.join(relay, room, 'rw-guest');
    const owner = await FakeDevice.join(relay, room, 'rw-owner');
    expect(relay.closeWhere((peer) => peer.principal.id === 'guest', CLOSE_CODES.linkGone, 'link revoked')).toBe(1);
    expect(revoked.closed).toEqual({ code: CLOSE_CODES.linkGone, reason: 'link revoked' });
    expect(owner.closed).toBeUndefined();
  });

  it('close() stores pending updates, compacts and closes connections with 1001', async () => {
    const { relay, store } = makeRelay();
    const room = newRoom();
    const device = await FakeDevice.join(relay, room, 'rw-a');
    await waitFor(() => device.inbox.length > 0, 'sync step 1');
    for (let i = 0; i < 3; i++) device.edit((doc) => doc.getMap('m').set(`k${i}`, i));
    await relay.close();
    expect(device.closed?.code).toBe(1001);
    expect(store.rows(room)).toHaveLength(1);
    expect(storedDoc(store.rows(room)).getMap('m').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2 });
  });
});
