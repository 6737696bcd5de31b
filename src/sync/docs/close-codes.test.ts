/** Close codes (SPEC D10–D12): the real client, the relay core in process. */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { markSent, writeRecords } from '../../db';
import { anInstance, freshDb, uuid } from '../../db/test-support';
import type { InstanceId, UserId } from '../../domain';
import { readRelayMarkers } from './relay-marker-store';
import { allowEveryone } from './test-socket-pair';
import { cleanup, docWith, instanceIn, instanceWhere, manager, stateWhere, testRelay } from './test-manager';

afterEach(cleanup);

const me = uuid() as UserId;

describe('close codes', () => {
  it('D10: a transient close (4100) reconnects with the current token and records no refusal', async () => {
    const db = freshDb();
    const relay = testRelay();
    const id = uuid();
    let token = 'rw-first';
    const m = manager(db, relay, { token: () => token });
    m.attach(id, docWith(1));
    await instanceWhere(m, id, (i) => i.connection === 'connected' && i.pending === 0);

    token = 'rw-second';
    expect(relay.relay.closeWhere(() => true, 4100, 'access changed')).toBe(1);
    await instanceWhere(m, id, (i) => i.connection === 'connecting');
    await instanceWhere(m, id, (i) => i.connection === 'connected');
    expect(relay.urls).toHaveLength(2);
    expect(relay.urls[1]).toContain('token=rw-second');
    expect(instanceIn(m.getState(), id)?.refused).toBeUndefined();
    expect((await readRelayMarkers(db)).get(id)?.refused).toBeUndefined();
  });

  it('D10: a sticky refusal (4403) is kept across a reload; an unknown room (4404) is tried again', async () => {
    const db = freshDb();
    const forbidden = uuid();
    const unknown = uuid();
    const first = testRelay({
      authorize: (request) => {
        if (request.room.endsWith(forbidden)) return Promise.resolve({ ok: false, code: 4403, reason: 'not allowed' });
        if (request.room.endsWith(unknown)) return Promise.resolve({ ok: false, code: 4404, reason: 'unknown room' });
        return allowEveryone(request);
      },
    });
    const before = manager(db, first);
    before.attach(forbidden, docWith(1));
    before.attach(unknown, docWith(1));
    await stateWhere(before, (s) => s.instances.filter((i) => i.connection === 'refused').length === 2);
    await before.stop();

    // A new page load, and the relay now knows both rooms.
    const second = testRelay();
    const after = manager(db, second, { WebSocketPolyfill: second.WebSocket });
    after.attach(forbidden, docWith(1));
    after.attach(unknown, docWith(1));
    await instanceWhere(after, unknown, (i) => i.connection === 'connected' && i.pending === 0);
    // (Its connection reads 'closed', as before the split: the refusal is what the sync screen shows.)
    expect(instanceIn(after.getState(), forbidden)).toMatchObject({ connection: 'closed', refused: { code: 4403, reason: 'not allowed' } });
    expect(second.urls.some((url) => url.includes(forbidden))).toBe(false);
    // retry() forgets the refusal.
    after.retry(forbidden);
    await instanceWhere(after, forbidden, (i) => i.connection === 'connected' && i.pending === 0);
  });

  it('D11: a room refused as unknown (4404) is opened again once its record reaches the relay', async () => {
    const db = freshDb();
    const known = new Set<string>();
    const relay = testRelay({
      authorize: (request) => (known.has(request.room) ? allowEveryone(request) : Promise.resolve({ ok: false, code: 4404, reason: 'unknown room' })),
    });
    const instance = anInstance({ userId: me, id: uuid() as InstanceId });
    const m = manager(db, relay);
    m.attach(instance.id, docWith(1));
    await instanceWhere(m, instance.id, (i) => i.refused?.code === 4404);

    await writeRecords(db, [{ kind: 'instance', value: instance }]);
    known.add(`instance:${instance.id}`);
    const entry = await db.outbox.toCollection().first();
    await markSent(db, entry?.seq ?? -1);
    await instanceWhere(m, instance.id, (i) => i.connection === 'connected' && i.pending === 0 && i.refused === undefined);
    expect(relay.urls).toHaveLength(2);
  });

  it('D11: a 4404 that arrives after the record was sent (the outbox heard first) is tried again at once', async () => {
    const db = freshDb();
    const known = new Set<string>();
    // The relay decides when the socket opens, before the record reaches it; the close comes later.
    let decide: () => void = () => undefined;
    const decided = new Promise<void>((resolve) => (decide = resolve));
    let opened: () => void = () => undefined;
    const firstSocket = new Promise<void>((resolve) => (opened = resolve));
    let sockets = 0;
    const relay = testRelay({
      authorize: async (request) => {
        if (++sockets === 1) {
          opened();
          await decided;
          return { ok: false, code: 4404, reason: 'unknown room' };
        }
        return known.has(request.room) ? allowEveryone(request) : { ok: false, code: 4404, reason: 'unknown room' };
      },
    });
    const m = manager(db, relay);
    await stateWhere(m, (s) => s.ready);
    const run = anInstance({ userId: me, id: uuid() as InstanceId, status: 'in_progress' });
    // Started and opened at once: the socket opens before the room gate has seen the new entry.
    // (Attached first, so a quick gate cannot hold the room and the order is the same on a
    // loaded machine; the entry is written while the relay is still deciding.)
    m.attach(run.id, docWith(1));
    await firstSocket;
    await writeRecords(db, [{ kind: 'instance', value: run }]);

    known.add(`instance:${run.id}`);
    const entry = await db.outbox.toCollection().first();
    await markSent(db, entry?.seq ?? -1);
    // Another run's record, written after: once the manager counts it, it has seen the outbox
    // without the sent entry, so no later outbox change can be what opens the room again.
    const other = anInstance({ userId: me, id: uuid() as InstanceId, status: 'in_progress' });
    await writeRecords(db, [{ kind: 'instance', value: other }]);
    await stateWhere(m, (s) => s.unknown === 1);

    decide();
    await instanceWhere(m, run.id, (i) => i.connection === 'connected' && i.pending === 0 && i.refused === undefined);
    expect(relay.urls.filter((url) => url.includes(run.id))).toHaveLength(2);
  });

  it('D12: after a 4401 nothing connects until a new sign-in; then it connects with the new token', async () => {
    const db = freshDb();
    let token = 'rw-expired';
    const relay = testRelay({
      authorize: (request) => (request.token === 'rw-expired' ? Promise.resolve({ ok: false, code: 4401, reason: 'token expired' }) : allowEveryone(request)),
    });
    const m = manager(db, relay, { token: () => token });
    const a = uuid();
    const b = uuid();
    m.attach(a, docWith(1));
    await stateWhere(m, (s) => s.sessionExpired);
    m.attach(b, docWith(1));
    m.syncNow();
    await instanceWhere(m, b, (i) => i.mode === 'attached');
    expect(relay.urls).toHaveLength(1);

    token = 'rw-renewed';
    m.resumeSession();
    // The refused room is tried again at once; one attached meanwhile on the next trigger.
    await stateWhere(m, (s) => !s.sessionExpired && instanceIn(s, a)?.connection === 'connected' && instanceIn(s, a)?.pending === 0);
    m.syncNow();
    await instanceWhere(m, b, (i) => i.connection === 'connected' && i.pending === 0);
    expect(relay.urls.slice(1).every((url) => url.includes('token=rw-renewed'))).toBe(true);
    expect((await readRelayMarkers(db)).get(a)?.refused).toBeUndefined();
  });
});
