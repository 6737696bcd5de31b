/** Issue 15 item 2 on a real relay (port 0, real SQLite): presence (awareness) caps, raw frames and stock clients. */
import { describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../src/protocol';
import { RELAY_DEFAULTS } from '../src/relay';
import { newRoom, useRelayTestbed } from './helpers/relay-harness';
import type { RunningRelay } from './helpers/relay-harness';
import type { YjsClient } from './helpers/yjs-client';
import { awarenessFrame, QUERY_AWARENESS, rawSocket, slowestHealthz, watchFrames } from './helpers/raw-frames';
import { waitFor } from './helpers/wait';

const testbed = useRelayTestbed();
const { relay, client } = testbed;

async function socket(r: RunningRelay, room: string, token: string): ReturnType<typeof rawSocket> {
  const opened = await rawSocket(r.url, room, token);
  testbed.track(opened.ws, (ws) => ws.terminate());
  return opened;
}
/** Presence as a stock observer of the room sees it (its own state included): what the relay holds and relays. */
const observerStates = new Map<string, Map<number, Record<string, unknown>>>();
const states = (room: string): Map<number, Record<string, unknown>> => observerStates.get(room) ?? new Map<number, Record<string, unknown>>();

/** A stock client that only watches presence; what it sees is what the relay holds and relays. */
async function observer(r: RunningRelay, room: string): Promise<YjsClient> {
  const watcher = client(r.url, room, 'rw-observer');
  await watcher.synced();
  const seen = watcher.provider.awareness.getStates() as Map<number, Record<string, unknown>>;
  observerStates.set(room, seen);
  return watcher;
}

describe('relay hardening: presence', () => {
  it('R19: a connection may not set or remove a client id another principal introduced; the same principal may take its id over', async () => {
    const r = await relay();
    const room = newRoom();
    const watcher = await observer(r, room);
    const alice = await socket(r, room, 'rw-alice');
    alice.ws.send(awarenessFrame([{ clientId: 1001, clock: 1, state: { name: 'alice' } }]));
    await waitFor(() => states(room).get(1001)?.name === 'alice', 'alice present');

    const mallory = await socket(r, room, 'rw-mallory');
    mallory.ws.send(awarenessFrame([{ clientId: 1001, clock: 5, state: { name: 'mallory' } }]));
    mallory.ws.send(awarenessFrame([{ clientId: 1001, clock: 6, state: null }]));
    mallory.ws.send(awarenessFrame([{ clientId: watcher.doc.clientID, clock: 99, state: null }]));
    // Her own id after the forged ones: once it shows, the forged frames were handled.
    mallory.ws.send(awarenessFrame([{ clientId: 2001, clock: 1, state: { name: 'mallory' } }]));
    await waitFor(() => states(room).get(2001)?.name === 'mallory', 'mallory present');
    expect(states(room).get(1001)?.name).toBe('alice');
    expect(watcher.provider.awareness.getLocalState()).not.toBeNull();
    expect(watcher.provider.awareness.getStates().has(watcher.doc.clientID)).toBe(true);
    // The three forged entries (and the observer's echoes of others' states: stock clients send them back).
    expect(r.relay.stats().droppedPresenceStates).toBeGreaterThanOrEqual(3);
    expect(watcher.closes).toEqual([]);

    // Alice reconnects (her old socket not yet gone): the new connection takes her id over.
    const again = await socket(r, room, 'rw-alice');
    again.ws.send(awarenessFrame([{ clientId: 1001, clock: 2, state: { name: 'alice again' } }]));
    await waitFor(() => states(room).get(1001)?.name === 'alice again', 'alice on her new connection');
    // The old connection leaving no longer removes the id it handed over; mallory leaving removes hers.
    alice.ws.close();
    mallory.ws.close();
    await waitFor(() => !states(room).has(2001), 'mallory gone');
    expect(states(room).get(1001)?.name).toBe('alice again');
  });

  it('R19: more than 4 client ids on one connection closes it with 4429; a state over 1 KiB with 4413', async () => {
    expect(RELAY_DEFAULTS.presence).toEqual({ perConnection: 4, perRoom: 256, maxStateBytes: 1024, queryIntervalMs: 1_000 });
    const r = await relay();
    const room = newRoom();
    await observer(r, room);
    const many = await socket(r, room, 'rw-many');
    for (let id = 1; id <= 4; id++) many.ws.send(awarenessFrame([{ clientId: id, clock: 1, state: { n: id } }]));
    await waitFor(() => states(room).size === 5, 'four ids (and the observer)');
    many.ws.send(awarenessFrame([{ clientId: 5, clock: 1, state: { n: 5 } }]));
    expect((await many.closed).code).toBe(CLOSE_CODES.rateLimited);
    await waitFor(() => states(room).size === 1, 'its states removed when it was closed');

    const burst = await socket(r, room, 'rw-burst');
    burst.ws.send(awarenessFrame(Array.from({ length: 5 }, (_, i) => ({ clientId: 10 + i, clock: 1, state: { n: i } }))));
    expect((await burst.closed).code).toBe(CLOSE_CODES.rateLimited);

    const big = await socket(r, room, 'rw-big');
    big.ws.send(awarenessFrame([{ clientId: 20, clock: 1, state: { name: 'x'.repeat(1024) } }]));
    expect((await big.closed).code).toBe(CLOSE_CODES.tooLarge);
    expect(states(room).has(20)).toBe(false);
  });

  it('R19: a full room (perRoom) drops new presence states without closing the sender', async () => {
    // The observer's own first state has clock 0, which y-protocols never applies: the room holds
    // only the raw sockets' states, 4 of 5 after the first socket.
    const r = await relay({ presence: { ...RELAY_DEFAULTS.presence, perRoom: 5 } });
    const room = newRoom();
    await observer(r, room);
    const first = await socket(r, room, 'rw-first');
    first.ws.send(awarenessFrame([1, 2, 3, 4].map((clientId) => ({ clientId, clock: 1, state: { by: 'first' } }))));
    await waitFor(() => states(room).size === 5, 'first four');
    const second = await socket(r, room, 'rw-second');
    let closed = false;
    void second.closed.then(() => {
      closed = true;
    });
    second.ws.send(awarenessFrame([11, 12, 13].map((clientId) => ({ clientId, clock: 1, state: { by: 'second' } }))));
    // Its one accepted id, updated after the capped frame: once the update shows, that frame was handled.
    second.ws.send(awarenessFrame([{ clientId: 11, clock: 2, state: { by: 'second', again: true } }]));
    await waitFor(() => states(room).get(11)?.again === true, 'the accepted id updated');
    expect([...states(room).keys()].filter((id) => id < 100).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 11]);
    expect(states(room).has(12)).toBe(false);
    expect(states(room).has(13)).toBe(false);
    expect(closed).toBe(false);
  });

  it('R19: 450 one-byte query-awareness frames get one answer per interval; the relay and /healthz stay responsive', async () => {
    // The frame rate limit (R9, burst 200) would close the sender first; lift it to see R19 alone.
    const r = await relay({ rateLimit: { messagesPerSecond: 10_000, burst: 10_000 } });
    const room = newRoom();
    await observer(r, room);
    // 32 connections x 4 states x ~1 KiB: ~128 KiB of presence.
    for (let i = 0; i < 32; i++) {
      const { ws } = await socket(r, room, `rw-u${i}`);
      ws.send(awarenessFrame([0, 1, 2, 3].map((k) => ({ clientId: 10_000 + i * 4 + k, clock: 1, state: { note: 'x'.repeat(1000) } }))));
    }
    await waitFor(() => states(room).size === 129, 'all presence states', 20_000);
    const attacker = await socket(r, room, 'rw-attacker');
    const seen = watchFrames(attacker.ws);
    await waitFor(() => seen.awareness >= 1, 'presence on join');
    const marker = 99_999;
    const attack = (async () => {
      for (let i = 0; i < 450; i++) attacker.ws.send(QUERY_AWARENESS);
      attacker.ws.send(awarenessFrame([{ clientId: marker, clock: 1, state: { marker: true } }]));
      await waitFor(() => states(room).has(marker), 'every query handled', 20_000);
    })();
    const slowest = await slowestHealthz(r.url, attack);
    await attack;
    // Join presence, one answer, the marker's own broadcast (and at most the deferred answer).
    expect(seen.awareness).toBeLessThanOrEqual(4);
    expect(seen.awarenessBytes).toBeLessThan(4 * 160 * 1024);
    expect(slowest).toBeLessThan(1_500);
  }, 60_000);

  it('stock y-websocket clients still see each other\'s presence, and its removal when one leaves', async () => {
    const r = await relay();
    const room = newRoom();
    const a = client(r.url, room, 'rw-a');
    const b = client(r.url, room, 'rw-b');
    await Promise.all([a.synced(), b.synced()]);
    a.provider.awareness.setLocalStateField('device', 'tablet A');
    b.provider.awareness.setLocalStateField('device', 'phone B');
    await waitFor(() => (b.provider.awareness.getStates().get(a.doc.clientID) as { device?: string } | undefined)?.device === 'tablet A', 'b sees a');
    await waitFor(() => (a.provider.awareness.getStates().get(b.doc.clientID) as { device?: string } | undefined)?.device === 'phone B', 'a sees b');
    // A reconnects (same doc, same client id): its presence comes back.
    a.provider.disconnect();
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 'a gone for b');
    a.provider.connect();
    a.provider.awareness.setLocalStateField('device', 'tablet A, back');
    await waitFor(() => (b.provider.awareness.getStates().get(a.doc.clientID) as { device?: string } | undefined)?.device === 'tablet A, back', 'a back');
    // Each echoes the other's presence back; the relay drops the echoes and closes neither.
    expect(a.closes).toEqual([]);
    expect(b.closes).toEqual([]);
  });
});
