/**
 * The provider manager with the real y-websocket client against the real relay core, in
 * process (test-socket-pair.ts, memory store). Rule ids from src/sync/SPEC.md.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { markSent, writeRecords } from '../../db';
import { anInstance, closeTestDbs, freshDb, uuid } from '../../db/test-support';
import type { UserId } from '../../domain';
import { createProviderManager } from './provider-manager';
import type { ProviderManager, ProviderManagerOptions, ProviderManagerState } from './provider-manager';
import { UNKNOWN_PENDING } from './relay-marker';
import { readRelayMarkers, writeRelayMarker } from './relay-marker-store';
import { createTestRelay } from './test-socket-pair';
import type { TestRelay, TestRelayOptions } from './test-socket-pair';

/** Resolves with the first manager state that satisfies `predicate` (event-driven, no sleeps). */
export function stateWhere(manager: ProviderManager, predicate: (state: ProviderManagerState) => boolean): Promise<ProviderManagerState> {
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
const relays: TestRelay[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.stop()));
  await Promise.all(relays.splice(0).map((r) => r.close()));
  await closeTestDbs();
});

export function testRelay(options: TestRelayOptions = {}): TestRelay {
  const relay = createTestRelay(options);
  relays.push(relay);
  return relay;
}

export function manager(db: ReturnType<typeof freshDb>, relay: TestRelay, extra: Partial<ProviderManagerOptions> = {}): ProviderManager {
  const m = createProviderManager({ db, token: 'tok', baseUrl: 'ws://relay.test/yjs', device: 'tablet-1', WebSocketPolyfill: relay.WebSocket, ...extra });
  managers.push(m);
  return m;
}

/** A background loader that hands out copies of `stored`, counting the copies closed. */
export function copiesOf(stored: Y.Doc): { loadDoc: NonNullable<ProviderManagerOptions['loadDoc']>; closed: () => number } {
  let closed = 0;
  return {
    loadDoc: () => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(stored));
      return Promise.resolve({ doc, close: () => Promise.resolve(void (closed += 1)) });
    },
    closed: () => closed,
  };
}

describe('provider manager against the relay core', () => {
  it('D1: connects an attached doc with token and ack=1, and counts pending until the relay stores it', async () => {
    const db = freshDb();
    const relay = testRelay();
    const id = uuid();
    const doc = new Y.Doc();
    doc.getArray('writes').push([{ key: 'd:s1' }]);
    const m = manager(db, relay);

    relay.holdStores();
    m.attach(id, doc);
    await stateWhere(m, (s) => s.instances.some((i) => i.instanceId === id && i.connection === 'connected'));
    expect(relay.urls[0]).toBe(`ws://relay.test/yjs/instance:${id}?token=tok&ack=1`);
    // The relay has the update but has not stored it: it acknowledged only its empty state.
    const before = await stateWhere(m, (s) => s.pending === 1);
    expect(before.instances[0]?.pending).toBe(1);

    relay.releaseStores();
    await stateWhere(m, (s) => s.pending === 0 && s.instances[0]?.acknowledgedAt !== undefined);
    expect(relay.roomDoc(id)?.getArray('writes').length).toBe(1);
    const marker = (await readRelayMarkers(db)).get(id);
    expect(marker).toMatchObject({ pending: 0 });
    expect(marker?.stateVector).not.toBe('');

    relay.holdStores();
    doc.getArray('writes').push([{ key: 'd:s2' }]);
    await stateWhere(m, (s) => s.pending === 1);
    relay.releaseStores();
    await stateWhere(m, (s) => s.pending === 0);
  });

  it('D6: waits for the instance record to reach the relay before opening a room it never acknowledged', async () => {
    const db = freshDb();
    const relay = testRelay();
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

  it('D10 D12: stops retrying on a 44xx close and records the reason; 4401 signals an expired session', async () => {
    const db = freshDb();
    const relay = testRelay({ authorize: () => Promise.resolve({ ok: false, code: 4401, reason: 'not authenticated' }) });
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

  it('D13: pushes an instance with unmeasured changes in the background and closes it once stored', async () => {
    const db = freshDb();
    const relay = testRelay();
    const id = uuid();
    await writeRelayMarker(db, id, { stateVector: '', pending: UNKNOWN_PENDING, at: 1 });
    const stored = new Y.Doc();
    stored.getArray('writes').push([{ key: 'd:s1' }, { key: 'd:s2' }]);
    const copies = copiesOf(stored);
    const m = manager(db, relay, { loadDoc: copies.loadDoc });
    m.syncNow();

    await stateWhere(m, (s) => s.ready && s.instances.length === 0 && copies.closed() === 1);
    expect(relay.roomDoc(id)?.getArray('writes').length).toBe(2);
    expect((await readRelayMarkers(db)).get(id)?.pending).toBe(0);
  });
});
