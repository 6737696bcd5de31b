/**
 * The provider manager with the real y-websocket client against the real relay core, in
 * process (test-socket-pair.ts, memory store). Rule ids from src/sync/SPEC.md.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { markSent, writeRecords } from '../../db';
import { anInstance, freshDb, uuid } from '../../db/test-support';
import type { UserId } from '../../domain';
import { UNKNOWN_PENDING } from './relay-marker';
import { readRelayMarkers, writeRelayMarker } from './relay-marker-store';
import { cleanup, copiesOf, docWhere, docWith, instanceIn, instanceWhere, manager, manualPlatform, stateWhere, testRelay } from './test-manager';

afterEach(cleanup);

const me = uuid() as UserId;

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

  it('D1: a change counts as pending until the acknowledgement arrives, not when it is sent or stored', async () => {
    const db = freshDb();
    const relay = testRelay();
    const id = uuid();
    const doc = docWith(1);
    const m = manager(db, relay);
    m.attach(id, doc);
    await stateWhere(m, (s) => s.pending === 0 && instanceIn(s, id)?.connection === 'connected');

    relay.manual();
    doc.getArray('writes').push([{ key: 'd:s2' }]);
    await stateWhere(m, (s) => s.pending === 1);
    expect(relay.roomDoc(id)?.getArray('writes').length).toBe(1); // still in the client's queue
    const stored = relay.whenQueued();
    relay.flush(); // the update reaches the relay, which stores it and queues its acknowledgement
    await stored;
    expect(relay.roomDoc(id)?.getArray('writes').length).toBe(2);
    expect(m.getState().pending).toBe(1);
    relay.flush();
    await stateWhere(m, (s) => s.pending === 0);
  });

  it('D5: a started run whose record changes while its doc is closed counts as unknown; one not started does not', async () => {
    const db = freshDb();
    const relay = testRelay();
    const started = anInstance({ userId: me, status: 'in_progress', startedAt: 1 });
    const fresh = anInstance({ userId: me });
    await writeRecords(db, [
      { kind: 'instance', value: started },
      { kind: 'instance', value: fresh },
    ]);
    const m = manager(db, relay, { loadDoc: () => new Promise(() => undefined) });

    const state = await stateWhere(m, (s) => s.ready && s.unknown === 1);
    expect(instanceIn(state, started.id)?.pending).toBe(UNKNOWN_PENDING);
    expect(instanceIn(state, fresh.id)).toBeUndefined();
    expect((await readRelayMarkers(db)).get(started.id)).toMatchObject({ stateVector: '', pending: UNKNOWN_PENDING });
  });

  it('D7: a finished record held back by F1 (announced) does not keep its room closed', async () => {
    const db = freshDb();
    const relay = testRelay();
    const instance = anInstance({ userId: me, status: 'completed', completedAt: 2 });
    await writeRecords(db, [{ kind: 'instance', value: instance }]);
    const entry = await db.outbox.toCollection().first();
    await db.outbox.update(entry?.seq ?? -1, { announced: true });
    const m = manager(db, relay);

    m.attach(instance.id, docWith(1));
    await instanceWhere(m, instance.id, (i) => i.connection === 'connected' && i.pending === 0);
    expect(relay.urls).toHaveLength(1);
  });

  it('D8: a reader run is synced from the relay but never counted as pending and leaves no marker', async () => {
    const db = freshDb();
    const relay = testRelay();
    const id = uuid();
    const owner = manager(freshDb(), relay, { token: 'rw-owner' });
    owner.attach(id, docWith(2));
    await stateWhere(owner, (s) => s.pending === 0 && s.instances.length === 1);

    const viewer = docWith(1); // an edit the relay drops (read-only access)
    const m = manager(db, relay, { token: 'ro-admin' });
    m.attach(id, viewer, { readOnly: true });
    await instanceWhere(m, id, (i) => i.acknowledgedAt !== undefined);
    await docWhere(viewer, (d) => d.getArray('writes').length === 3);
    expect(m.getState()).toMatchObject({ pending: 0, notAccepted: 0, unknown: 0 });
    expect(instanceIn(m.getState(), id)).toMatchObject({ pending: 0, mode: 'attached' });
    expect(relay.roomDoc(id)?.getArray('writes').length).toBe(2);
    await m.stop();
    expect((await readRelayMarkers(db)).get(id)).toBeUndefined();
  });

  it('D16: going offline closes the sockets and keeps the counts; coming online connects again', async () => {
    const db = freshDb();
    const relay = testRelay();
    const net = manualPlatform();
    const id = uuid();
    const doc = docWith(1);
    const m = manager(db, relay, { platform: net.platform });
    m.attach(id, doc);
    await stateWhere(m, (s) => s.pending === 0 && s.relayReachable === true);

    relay.holdStores();
    doc.getArray('writes').push([{ key: 'd:s2' }]);
    await stateWhere(m, (s) => s.pending === 1);
    net.goOffline();
    const offline = await stateWhere(m, (s) => s.relayReachable === false);
    expect(instanceIn(offline, id)).toMatchObject({ connection: 'offline', pending: 1 });
    expect(relay.relay.stats().connections).toBe(0);

    relay.releaseStores();
    net.goOnline();
    await stateWhere(m, (s) => s.pending === 0 && instanceIn(s, id)?.connection === 'connected');
    expect(relay.urls).toHaveLength(2);
  });

  it('D16: a doc attached while the browser is offline waits without a socket', async () => {
    const db = freshDb();
    const relay = testRelay();
    const net = manualPlatform();
    net.goOffline();
    const id = uuid();
    const m = manager(db, relay, { platform: net.platform });
    m.attach(id, docWith(1));
    await instanceWhere(m, id, (i) => i.connection === 'offline' && i.pending === 1);
    expect(relay.urls).toEqual([]);
    net.goOnline();
    await instanceWhere(m, id, (i) => i.connection === 'connected' && i.pending === 0);
  });
});
