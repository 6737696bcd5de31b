/** One contract suite for every RoomStore (CONVENTIONS 3): SQLite on a temp file and in-memory. */
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import * as Y from 'yjs';
import { createMemoryStore, createSqliteStore } from '../src/relay';
import type { RoomStore } from '../src/relay';
import { newRoom, openDb } from './helpers/relay-harness';
import { tempDir } from './helpers/temp-dir';

interface Subject {
  store: Required<RoomStore>;
  /** A second store over the same data (a restart), when the adapter has durable data. */
  reopen?: () => Required<RoomStore>;
  dispose: () => void;
}

const adapters: [string, () => Subject][] = [
  [
    'sqlite',
    () => {
      const tmp = tempDir();
      const file = path.join(tmp.dir, 'relay.sqlite');
      const dbs = [openDb(file)];
      return {
        store: createSqliteStore(dbs[0]!),
        reopen: () => {
          const db = openDb(file);
          dbs.push(db);
          return createSqliteStore(db);
        },
        dispose: () => {
          for (const db of dbs) db.close();
          tmp.remove();
        },
      };
    },
  ],
  ['memory', () => ({ store: createMemoryStore(), dispose: () => undefined })],
];

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);
const plain = (rows: Uint8Array[]): number[][] => rows.map((row) => [...row]);

describe.each(adapters)('RoomStore contract: %s', (_name, make) => {
  let subject: Subject;
  afterEach(() => subject.dispose());

  it('loads an unknown room as no rows', async () => {
    subject = make();
    expect(await subject.store.loadRoom(newRoom())).toEqual([]);
  });

  it('loads appended updates in append order, byte for byte', async () => {
    subject = make();
    const room = newRoom();
    await subject.store.appendUpdate(room, bytes(1, 2, 3));
    await subject.store.appendUpdates(room, [bytes(4), bytes(5, 6)]);
    await subject.store.appendUpdate(room, bytes(0, 255));
    expect(plain(await subject.store.loadRoom(room))).toEqual([[1, 2, 3], [4], [5, 6], [0, 255]]);
  });

  it('keeps rooms apart, including names that look like object keys', async () => {
    subject = make();
    const [a, b] = [newRoom(), '__proto__'];
    await subject.store.appendUpdate(a, bytes(1));
    await subject.store.appendUpdate(b, bytes(2));
    expect(plain(await subject.store.loadRoom(a))).toEqual([[1]]);
    expect(plain(await subject.store.loadRoom(b))).toEqual([[2]]);
    expect(await subject.store.loadRoom('constructor')).toEqual([]);
  });

  it('does not keep a reference to the caller buffer', async () => {
    subject = make();
    const room = newRoom();
    const update = bytes(7, 7);
    await subject.store.appendUpdate(room, update);
    update[0] = 0;
    expect(plain(await subject.store.loadRoom(room))).toEqual([[7, 7]]);
  });

  it('compaction replaces the log with one row and later appends follow it', async () => {
    subject = make();
    const room = newRoom();
    const other = newRoom();
    await subject.store.appendUpdates(room, [bytes(1), bytes(2), bytes(3)]);
    await subject.store.appendUpdate(other, bytes(9));
    await subject.store.compactRoom(room, bytes(42));
    await subject.store.appendUpdate(room, bytes(43));
    expect(plain(await subject.store.loadRoom(room))).toEqual([[42], [43]]);
    expect(plain(await subject.store.loadRoom(other))).toEqual([[9]]);
  });

  it('R17: quarantining an update moves it out of the room log (every copy) and counts it; other rooms are untouched', async () => {
    subject = make();
    const [room, other] = [newRoom(), newRoom()];
    await subject.store.appendUpdates(room, [bytes(1), bytes(9, 9), bytes(2), bytes(9, 9)]);
    await subject.store.appendUpdate(other, bytes(9, 9));
    expect(await subject.store.quarantinedUpdates(room)).toBe(0);
    await subject.store.quarantineUpdate(room, bytes(9, 9), 'does not decode');
    expect(plain(await subject.store.loadRoom(room))).toEqual([[1], [2]]);
    expect(await subject.store.quarantinedUpdates(room)).toBeGreaterThanOrEqual(1);
    expect(await subject.store.quarantinedUpdates(other)).toBe(0);
    expect(plain(await subject.store.loadRoom(other))).toEqual([[9, 9]]);
    // Compaction rewrites the log only; the quarantine stays.
    await subject.store.compactRoom(room, bytes(42));
    expect(await subject.store.quarantinedUpdates(room)).toBeGreaterThanOrEqual(1);
  });

  it('a Yjs doc rebuilt from the rows equals the doc that produced them', async () => {
    subject = make();
    const room = newRoom();
    const doc = new Y.Doc();
    doc.on('update', (update: Uint8Array) => void subject.store.appendUpdate(room, update));
    for (let i = 0; i < 20; i++) doc.getMap('m').set(`k${i}`, i);
    doc.getText('t').insert(0, 'field notes');
    const rebuilt = new Y.Doc();
    for (const row of await subject.store.loadRoom(room)) Y.applyUpdate(rebuilt, row);
    expect(rebuilt.getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON());
    expect(rebuilt.getText('t').toJSON()).toBe('field notes');
  });
});

describe('SQLite RoomStore', () => {
  it('keeps rows across reopening the same file (restart)', async () => {
    const subject = adapters[0]![1]();
    try {
      const room = newRoom();
      await subject.store.appendUpdates(room, [bytes(1), bytes(2)]);
      await subject.store.compactRoom(room, bytes(3));
      await subject.store.appendUpdate(room, bytes(4));
      expect(plain(await subject.reopen!().loadRoom(room))).toEqual([[3], [4]]);
    } finally {
      subject.dispose();
    }
  });
});
