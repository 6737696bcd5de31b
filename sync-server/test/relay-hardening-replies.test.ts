/** Issue 15 item 2 on a real relay (port 0, real SQLite): tiny sync step 1 requests must not buy huge replies. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RELAY_DEFAULTS } from '../src/relay';
import { newRoom, useRelayTestbed } from './helpers/relay-harness';
import type { RunningRelay } from './helpers/relay-harness';
import { EMPTY_STEP1, rawSocket, slowestHealthz, syncFrame, watchFrames } from './helpers/raw-frames';
import { waitFor } from './helpers/wait';

const { relay, client } = useRelayTestbed();

/** Store a room of `entries` map entries straight into SQLite (as an earlier session would have); its encoded size. */
async function seedRoom(r: RunningRelay, room: string, entries: number): Promise<number> {
  const doc = new Y.Doc();
  const map = doc.getMap('m');
  doc.transact(() => {
    for (let i = 0; i < entries; i++) map.set(`k${i}`, 'v'.repeat(16));
  });
  const state = Y.encodeStateAsUpdate(doc);
  await r.store.appendUpdate(room, state);
  return state.byteLength;
}

/** A small write: once the relay applied it, it has handled every frame sent before it on that socket. */
function markerFrame(key: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('marker').set(key, true);
  return syncFrame(2, Y.encodeStateAsUpdate(doc));
}

describe('relay hardening: replies', () => {
  it('R18: 30 sync step 1 frames of 4 bytes on a 4 MiB room: one answer, the state encoded once, /healthz under 1.5 s, RSS bounded', async () => {
    expect(RELAY_DEFAULTS.syncAnswerIntervalMs).toBe(5_000);
    const r = await relay();
    const room = newRoom();
    const stateBytes = await seedRoom(r, room, 150_000);
    expect(stateBytes).toBeGreaterThan(4 * 1024 * 1024);
    const { ws, closed } = await rawSocket(r.url, room, 'rw-attacker');
    let closedEarly = false;
    void closed.then(() => {
      closedEarly = true;
    });
    const seen = watchFrames(ws);
    await waitFor(() => r.relay.roomDoc(room) !== undefined, 'room loaded', 20_000);
    const rssBefore = process.memoryUsage().rss;

    const attack = (async () => {
      for (let i = 0; i < 30; i++) ws.send(EMPTY_STEP1);
      ws.send(markerFrame('after'));
      await waitFor(() => r.relay.roomDoc(room)?.getMap('marker').get('after') === true, 'every frame handled', 20_000);
      await waitFor(() => seen.step2 >= 1, 'the first answer', 20_000);
    })();
    const slowest = await slowestHealthz(r.url, attack);
    await attack;
    const rssGrowth = process.memoryUsage().rss - rssBefore;

    expect(seen.step2).toBe(1);
    expect(seen.step2Bytes).toBeGreaterThan(stateBytes);
    expect(r.relay.stats()).toMatchObject({ syncStateEncodes: 1, syncAnswers: 1 });
    expect(closedEarly).toBe(false);
    expect(slowest).toBeLessThan(1_500);
    // One encoded state (~4.4 MiB) held by the cache and in flight to this process's own client; 30 would be ~130 MiB.
    expect(rssGrowth).toBeLessThan(64 * 1024 * 1024);
    ws.close();
  }, 60_000);

  it('R18: step 1 frames within the interval get one deferred answer from the cache; a change of the doc invalidates it', async () => {
    const r = await relay({ syncAnswerIntervalMs: 300 });
    const room = newRoom();
    await seedRoom(r, room, 20_000);
    const { ws } = await rawSocket(r.url, room, 'rw-attacker');
    const seen = watchFrames(ws);
    for (let i = 0; i < 30; i++) ws.send(EMPTY_STEP1);
    ws.send(markerFrame('a'));
    await waitFor(() => seen.step2 === 2, 'the answer now and the one deferred');
    // Quiet for a few intervals: no more answers arrive for the 28 coalesced requests.
    const quietUntil = Date.now() + 1_000;
    await waitFor(() => Date.now() > quietUntil, 'a quiet second');
    expect(seen.step2).toBe(2);
    // The first answer was encoded; the marker changed the doc, so the deferred one was encoded again.
    expect(r.relay.stats().syncStateEncodes).toBe(2);

    // A second socket asking for the same state is served from the cache.
    const other = await rawSocket(r.url, room, 'rw-other');
    const otherSeen = watchFrames(other.ws);
    other.ws.send(EMPTY_STEP1);
    await waitFor(() => otherSeen.step2 === 1, 'the cached answer');
    expect(r.relay.stats().syncStateEncodes).toBe(2);

    // An edit invalidates the cache: the next answer is encoded again and carries the edit.
    const writer = client(r.url, room, 'rw-writer');
    await writer.synced();
    writer.doc.getMap('m').set('fresh', 'edit');
    await waitFor(() => r.relay.roomDoc(room)?.getMap('m').get('fresh') === 'edit', 'the edit at the relay');
    const encodesBefore = r.relay.stats().syncStateEncodes;
    other.ws.send(EMPTY_STEP1);
    await waitFor(() => otherSeen.step2 === 2, 'the answer after the edit');
    expect(r.relay.stats().syncStateEncodes).toBe(encodesBefore + 1);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, otherSeen.lastStep2 ?? new Uint8Array());
    expect(replica.getMap('m').get('fresh')).toBe('edit');
    ws.close();
    other.ws.close();
  }, 30_000);
});
