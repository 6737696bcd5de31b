/** Issue 15 attacks on a real relay (port 0, real SQLite): damaged and pending updates, ignored closes, log floods. */
import { describe, expect, it } from 'vitest';
import net from 'node:net';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../src/protocol';
import { docFromSqlite, newRoom, useRelayTestbed } from './helpers/relay-harness';
import { rawSocket, syncFrame } from './helpers/raw-frames';
import { waitFor } from './helpers/wait';
import type { RelayLogger } from '../src/relay';

const { relay, client } = useRelayTestbed();

/** An update that Yjs cannot integrate yet: it builds on an insert the relay never saw. */
function pendingUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('notes').insert(0, 'x'.repeat(1000));
  const before = Y.encodeStateVector(doc);
  doc.getText('notes').insert(1000, 'secret tail');
  return Y.encodeStateAsUpdate(doc, before);
}

function capturingLogger(): RelayLogger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const at = (level: string) => (_fields: object, message: string) => void lines.push({ level, message });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('relay hardening: frames', () => {
  it('R8: structs with a truncated delete set close the sender with 4400 and are not integrated, broadcast or stored', async () => {
    const { url, db, relay: core } = await relay();
    const room = newRoom();
    const watcher = client(url, room, 'rw-watcher');
    await watcher.synced();
    const source = new Y.Doc();
    source.getText('notes').insert(0, 'smuggled structs');
    source.getText('notes').delete(0, 3);
    const update = Y.encodeStateAsUpdate(source);
    const { ws, closed } = await rawSocket(url, room, 'rw-attacker');
    ws.send(syncFrame(2, update.slice(0, update.length - 2)));
    expect((await closed).code).toBe(CLOSE_CODES.badMessage);
    // A marker edit after the refused frame: once it arrived and is stored, the refused one would have too.
    watcher.doc.getMap('marks').set('after', true);
    await core.drain();
    await waitFor(() => core.roomDoc(room)?.getMap('marks').get('after') === true, 'marker edit');
    expect(core.roomDoc(room)?.getText('notes').toJSON()).toBe('');
    expect(watcher.doc.getText('notes').toJSON()).toBe('');
    expect(docFromSqlite(db, room).getText('notes').toJSON()).toBe('');
  });

  it('R11: pending structs are neither sent to joiners in sync step 2 nor written by compaction', async () => {
    const r = await relay({ compactAfterUpdates: 2, compactDebounceMs: 0, compactMaxDebounceMs: 0 });
    const room = newRoom();
    const writer = client(r.url, room, 'rw-writer', { ack: true });
    await writer.synced();
    const { ws } = await rawSocket(r.url, room, 'rw-attacker');
    ws.send(syncFrame(2, pendingUpdate()));
    await waitFor(() => r.relay.roomDoc(room)?.store.pendingStructs != null, 'pending structs in the room');
    for (let i = 0; i < 5; i++) writer.doc.getMap('steps').set(`s${i}`, i);
    await r.relay.drain();
    const rows = () => r.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM yjs_updates WHERE room = ?').get(room)?.n ?? 0;
    await waitFor(() => rows() === 1, 'compaction to one row');
    const joiner = client(r.url, room, 'rw-joiner');
    await joiner.synced();
    await waitFor(() => joiner.doc.getMap('steps').get('s4') === 4, 'joiner has the integrated edits');
    expect(joiner.doc.store.pendingStructs).toBeNull();
    expect(Y.encodeStateAsUpdate(joiner.doc).byteLength).toBeLessThan(500);
    const stored = docFromSqlite(r.db, room);
    expect(stored.store.pendingStructs).toBeNull();
    expect(stored.getMap('steps').get('s4')).toBe(4);
    ws.close();
  });

  it('a refused socket whose client ignores the close is terminated within a few seconds (not 30 s)', async () => {
    const { url } = await relay({ refuseWith: 'close', closeGraceMs: 500 });
    const { port } = new URL(url);
    const socket = net.connect(Number(port), '127.0.0.1');
    const started = Date.now();
    const gone = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // A hand-made upgrade with an invalid token; the socket reads the close frame but never answers it.
    socket.write(
      `GET /yjs/${newRoom()}?token=bad HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    await gone;
    expect(received).toContain('101 Switching Protocols');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('joins log at debug; a dropped slow consumer logs one warning, not one per queued frame', async () => {
    const logger = capturingLogger();
    // Every sync step 1 answered at once (no R18 interval), so the queued queries do pile up answers.
    const { url } = await relay({ logger, maxBufferedBytes: 0, syncAnswerIntervalMs: 0, rateLimit: { messagesPerSecond: 1000, burst: 1000 } });
    const room = newRoom();
    const writer = client(url, room, 'rw-writer');
    await writer.synced();
    writer.doc.getText('notes').insert(0, 'x'.repeat(10_000));
    const { ws, closed } = await rawSocket(url, room, 'rw-slow');
    // 50 queries in one write: each answer would go to a socket already dropped.
    const step1 = syncFrame(0, Y.encodeStateVector(new Y.Doc()));
    for (let i = 0; i < 50; i++) ws.send(step1);
    await closed;
    expect(logger.lines.filter((line) => line.message.startsWith('slow consumer')).length).toBe(1);
    const joins = logger.lines.filter((line) => line.message === 'connection joined');
    expect(joins.length).toBeGreaterThanOrEqual(2);
    expect(joins.every((line) => line.level === 'debug')).toBe(true);
  });
});
