/** Issue 15 quotas on a real relay (port 0, real SQLite): room size cap, refusing writes while storage fails. */
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../src/protocol';
import { RELAY_DEFAULTS, TRANSIENT_CLOSE } from '../src/relay';
import type { RoomStore } from '../src/relay';
import { newRoom, useRelayTestbed } from './helpers/relay-harness';
import type { RunningRelay } from './helpers/relay-harness';
import { covers } from './helpers/yjs-client';
import { rawSocket, syncFrame } from './helpers/raw-frames';
import { waitFor } from './helpers/wait';

const { relay, client } = useRelayTestbed();

const storedBytes = (r: RunningRelay, room: string): number =>
  r.db.prepare<[string], { n: number | null }>('SELECT sum(length(data)) AS n FROM yjs_updates WHERE room = ?').get(room)?.n ?? 0;

describe('relay hardening: quotas', () => {
  it('R12: the room size cap defaults to 8 MiB; an update past it closes the sender with 4413 and is not stored', async () => {
    expect(RELAY_DEFAULTS.maxRoomBytes).toBe(8 * 1024 * 1024);
    const cap = 200_000;
    const r = await relay({ maxRoomBytes: cap });
    const room = newRoom();
    const { ws, closed } = await rawSocket(r.url, room, 'rw-filler');
    const doc = new Y.Doc();
    let sent = 0;
    for (let i = 0; i < 20; i++) {
      const before = Y.encodeStateVector(doc);
      doc.getMap('blobs').set(`b${i}`, randomBytes(30_000).toString('base64'));
      ws.send(syncFrame(2, Y.encodeStateAsUpdate(doc, before)));
      sent++;
    }
    expect((await closed).code).toBe(CLOSE_CODES.tooLarge);
    expect(sent).toBe(20);
    await r.relay.drain();
    expect(storedBytes(r, room)).toBeLessThanOrEqual(cap);
    expect(storedBytes(r, room)).toBeGreaterThan(cap / 2);
  });

  it('R13: while storage fails, new writes are refused with 1013 and nothing is lost once it recovers', async () => {
    let failing = false;
    let failures = 0;
    const r = await relay({ storeRetryMs: 50 }, (store): Required<RoomStore> => ({
      ...store,
      appendUpdates: (room, updates) => {
        if (failing && ++failures > 0) throw new Error('SQLITE_FULL: database or disk is full');
        return store.appendUpdates(room, updates);
      },
    }));
    const room = newRoom();
    const a = client(r.url, room, 'rw-a', { ack: true });
    await a.synced();
    failing = true;
    a.doc.getMap('steps').set('first', 1);
    // The first edit is queued; once its store failed, the next one is refused.
    await waitFor(() => failures > 0, 'a failed store');
    a.doc.getMap('steps').set('second', 2);
    await waitFor(() => a.closes.some((close) => close.code === TRANSIENT_CLOSE.tryAgainLater), 'close 1013');
    expect(covers(a.stored, a.doc)).toBe(false);
    failing = false;
    await waitFor(() => covers(a.stored, a.doc), 'both edits stored after recovery', 15_000);
    const fresh = client(r.url, room, 'rw-b');
    await fresh.synced();
    expect(fresh.doc.getMap('steps').toJSON()).toEqual({ first: 1, second: 2 });
  });
});
