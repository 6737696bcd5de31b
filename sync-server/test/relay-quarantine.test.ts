/**
 * Issue 15 item 16 (relay SPEC R17): a stored Yjs row that does not load is quarantined, the room
 * loads from the rest, and the room is not compacted until an operator clears the quarantine.
 * Real server on port 0 over a real SQLite file, restarted on the same DATA_DIR.
 */
import path from 'node:path';
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DATABASE_FILE } from '../src/db/database';
import { isDecodableUpdate } from '../src/relay/doc-state';
import { runQuarantineCommand } from '../src/quarantine-cli';
import { instanceFor } from './helpers/records';
import { makeTempDir } from './helpers/temp-dir';
import { startTestServer } from './helpers/test-server';
import type { TestServer } from './helpers/test-server';
import { connectYjs } from './helpers/yjs-client';
import type { YjsClient } from './helpers/yjs-client';
import { waitFor } from './helpers/wait';

let servers: TestServer[] = [];
let clients: YjsClient[] = [];
let dataDir: string | undefined;

afterEach(async () => {
  for (const client of clients) client.destroy();
  clients = [];
  for (const server of servers) await server.close();
  servers = [];
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

interface LogLine {
  msg: string;
}

/** The relay on `dataDir`, compacting after every 2 rows at once, its log lines collected. */
async function start(dir: string, lines: LogLine[] = []): Promise<TestServer> {
  const server = await startTestServer({
    dataDir: dir,
    keepDataDir: true,
    logger: { level: 'info', stream: { write: (line) => void lines.push(JSON.parse(line) as LogLine) } },
    relay: { compactAfterUpdates: 2, compactDebounceMs: 0, compactMaxDebounceMs: 0 },
  });
  servers.push(server);
  return server;
}

async function stop(server: TestServer): Promise<void> {
  for (const client of clients) client.destroy();
  clients = [];
  await server.close();
  servers = servers.filter((s) => s !== server);
}

function join(server: TestServer, room: string, token: string): YjsClient {
  const client = connectYjs(server.url, room, token);
  clients.push(client);
  return client;
}

function withDb<T>(dir: string, use: (db: Db) => T): T {
  const db = new Database(path.join(dir, DATABASE_FILE));
  try {
    return use(db);
  } finally {
    db.close();
  }
}

const rowsOf = (db: Db, room: string): Buffer[] =>
  db.prepare<[string], Buffer>('SELECT data FROM yjs_updates WHERE room = ? ORDER BY seq').pluck().all(room);
const quarantinedOf = (db: Db, room: string): { data: Buffer; reason: string }[] =>
  db.prepare<[string], { data: Buffer; reason: string }>('SELECT data, reason FROM yjs_quarantine WHERE room = ? ORDER BY id').all(room);

/**
 * A damaged row (structs intact, delete set cut short: it does not decode whole) and a good row
 * that builds on the structs of the damaged one, so without it the good row stays pending (R11).
 */
function damagedRowAndDependent(): { damaged: Uint8Array; dependent: Uint8Array } {
  const doc = new Y.Doc();
  doc.getText('notes').insert(0, 'lost part');
  doc.getText('notes').delete(0, 1);
  const whole = Y.encodeStateAsUpdate(doc);
  const before = Y.encodeStateVector(doc);
  doc.getText('notes').insert(8, ' and its tail');
  return { damaged: whole.slice(0, whole.length - 2), dependent: Y.encodeStateAsUpdate(doc, before) };
}

describe('relay quarantine of stored updates that do not load (SPEC R17)', () => {
  it('R17: a corrupt row is moved to yjs_quarantine and logged once, the room serves the good rows, and compaction keeps its log until an operator clears it', async () => {
    dataDir = makeTempDir();
    const first = await start(dataDir);
    const { token, user } = await first.signup('owner@site.example', 'Owner');
    const body = instanceFor(user.id);
    expect((await first.request('PUT', `/api/instances/${body.id}`, { token, body })).status).toBe(200);
    const room = `instance:${body.id}`;
    const writer = join(first, room, token);
    await writer.synced();
    writer.doc.getMap('steps').set('s1', 'done');
    await waitFor(() => first.server.rooms.relay.roomDoc(room)?.getMap('steps').get('s1') === 'done', 'the edit on the relay');
    await stop(first);

    // The damage: as if the disk had flipped bytes in a stored row.
    const { damaged, dependent } = damagedRowAndDependent();
    expect(isDecodableUpdate(damaged)).toBe(false);
    withDb(dataDir, (db) => {
      const insert = db.prepare<[string, Uint8Array]>('INSERT INTO yjs_updates (room, data) VALUES (?, ?)');
      insert.run(room, damaged);
      insert.run(room, dependent);
    });

    const lines: LogLine[] = [];
    const second = await start(dataDir, lines);
    const reader = join(second, room, token);
    await reader.synced();
    await waitFor(() => reader.doc.getMap('steps').get('s1') === 'done', 'the good rows served');
    expect(reader.doc.getText('notes').toJSON()).toBe('');
    withDb(dataDir, (db) => {
      const held = quarantinedOf(db, room);
      expect(held).toHaveLength(1);
      expect(Buffer.compare(held[0]!.data, Buffer.from(damaged))).toBe(0);
      expect(held[0]!.reason).toBe('does not decode');
      expect(rowsOf(db, room).some((row) => Buffer.compare(row, Buffer.from(damaged)) === 0)).toBe(false);
    });

    // Past the compaction threshold many times over, then shutdown (which compacts every room).
    for (let i = 2; i < 8; i++) reader.doc.getMap('steps').set(`s${i}`, 'done');
    await waitFor(() => second.server.rooms.relay.roomDoc(room)?.getMap('steps').get('s7') === 'done', 'the new edits on the relay');
    await second.server.rooms.relay.drain();
    await stop(second);
    withDb(dataDir, (db) => {
      const rows = rowsOf(db, room);
      // Not one compacted row: the dependent row (pending without the quarantined one) is still there.
      expect(rows.length).toBeGreaterThan(2);
      expect(rows.some((row) => Buffer.compare(row, Buffer.from(dependent)) === 0)).toBe(true);
      expect(quarantinedOf(db, room)).toHaveLength(1);
    });
    expect(lines.filter((line) => line.msg.startsWith('stored update does not load'))).toHaveLength(1);
    expect(lines.filter((line) => line.msg.startsWith('room has stored updates that do not load'))).toHaveLength(1);

    // The operator looks, accepts the loss and clears it: the room compacts again.
    const listed = withDb(dataDir, (db) => runQuarantineCommand(db, ['list']));
    expect(listed.output).toContain(room);
    expect(withDb(dataDir, (db) => runQuarantineCommand(db, ['clear', room]))).toEqual({ output: `deleted 1 quarantined update(s) of ${room}`, code: 0 });
    const third = await start(dataDir);
    const again = join(third, room, token);
    await again.synced();
    await waitFor(() => again.doc.getMap('steps').get('s7') === 'done', 'the stored edits after the restart');
    again.doc.getMap('steps').set('s8', 'done');
    await waitFor(() => third.server.rooms.relay.roomDoc(room)?.getMap('steps').get('s8') === 'done', 'the last edit on the relay');
    await third.server.rooms.relay.drain();
    await stop(third);
    withDb(dataDir, (db) => {
      expect(rowsOf(db, room)).toHaveLength(1);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, rowsOf(db, room)[0]!);
      expect(Object.keys(doc.getMap('steps').toJSON()).sort()).toEqual(['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8']);
    });
  }, 60_000);

  it('R17: restore puts quarantined rows back in the room log (relay stopped); list and bad arguments answer plainly', () => {
    dataDir = makeTempDir();
    withDb(dataDir, (db) => {
      expect(runQuarantineCommand(db, ['list'])).toEqual({ output: 'no quarantined updates', code: 0 });
      db.prepare("INSERT INTO yjs_quarantine (room, seq, data, reason, quarantined_at) VALUES ('instance:x', 4, x'0102', 'does not decode', 0)").run();
      expect(runQuarantineCommand(db, ['restore', 'instance:x'])).toEqual({ output: 'restored 1 quarantined update(s) of instance:x', code: 0 });
      expect(rowsOf(db, 'instance:x').map((row) => [...row])).toEqual([[1, 2]]);
      expect(quarantinedOf(db, 'instance:x')).toHaveLength(0);
      expect(runQuarantineCommand(db, ['clear', 'instance:x']).code).toBe(1);
      expect(runQuarantineCommand(db, ['drop']).code).toBe(2);
    });
  });
});
