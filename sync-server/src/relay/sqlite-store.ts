/**
 * RoomStore over better-sqlite3: one row per stored Yjs update, read back in `seq` order.
 *
 * The schema is created idempotently here so the relay works on any database; the lead may fold
 * `RELAY_SCHEMA` into the numbered migrations (sync-server/src/db/migrations.ts) instead.
 *
 * Durability: better-sqlite3 calls are synchronous, so a row is committed when the call returns.
 * In WAL mode that commit survives a process crash with any `synchronous` setting; with
 * `synchronous = NORMAL` an OS crash or power loss may still lose the last commits, which the
 * relay has already acknowledged. So by default the store sets `synchronous = FULL` on the
 * connection it is given (the pragma is per connection: give the relay its own connection if
 * the HTTP API should keep NORMAL). Pass `{synchronousFull: false}` to keep the connection's
 * setting and accept that trade-off.
 */
import type { Database } from 'better-sqlite3';
import type { RoomStore } from './options';

export const RELAY_SCHEMA = `
  CREATE TABLE IF NOT EXISTS yjs_updates (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    room TEXT NOT NULL,
    data BLOB NOT NULL
  );
  CREATE INDEX IF NOT EXISTS yjs_updates_room_seq ON yjs_updates (room, seq);
  -- Stored updates that did not load (SPEC R17), moved here whole: seq is the row's seq in
  -- yjs_updates (NULL if it was gone by then). While a room has rows here it is never compacted.
  -- An operator lists, restores or clears them with sync-server/src/quarantine-cli.ts.
  CREATE TABLE IF NOT EXISTS yjs_quarantine (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    room           TEXT NOT NULL,
    seq            INTEGER,
    data           BLOB NOT NULL,
    reason         TEXT NOT NULL,
    quarantined_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS yjs_quarantine_room ON yjs_quarantine (room);
`;

export interface SqliteStoreOptions {
  readonly synchronousFull?: boolean;
  /**
   * Group commit: `appendUpdates` calls within this many ms (from every room) share one
   * transaction, so one WAL sync (~0.6 ms of blocked event loop with FULL on a VM disk); each
   * call's promise resolves only after that transaction committed. 0: commit at the next check
   * phase; negative: no grouping, commit inside the call. Default `SQLITE_STORE_DEFAULTS`.
   */
  readonly groupCommitMs?: number;
}

export const SQLITE_STORE_DEFAULTS = Object.freeze({ synchronousFull: true, groupCommitMs: 10 });

export function createSqliteStore(db: Database, options: SqliteStoreOptions = {}): Required<RoomStore> {
  if (options.synchronousFull ?? SQLITE_STORE_DEFAULTS.synchronousFull) db.pragma('synchronous = FULL');
  db.exec(RELAY_SCHEMA);
  const select = db.prepare<[string], { data: Buffer }>('SELECT data FROM yjs_updates WHERE room = ? ORDER BY seq');
  const insert = db.prepare<[string, Uint8Array]>('INSERT INTO yjs_updates (room, data) VALUES (?, ?)');
  const remove = db.prepare<[string]>('DELETE FROM yjs_updates WHERE room = ?');
  const insertMany = db.transaction((room: string, updates: readonly Uint8Array[]) => {
    for (const update of updates) insert.run(room, update);
  });
  const replace = db.transaction((room: string, state: Uint8Array) => {
    remove.run(room);
    insert.run(room, state);
  });
  // A row is named by its bytes: the port hands rows out without their seq, and identical bytes
  // fail identically, so moving every copy is right.
  const moveToQuarantine = db.prepare<[string, number, string, Uint8Array]>(
    'INSERT INTO yjs_quarantine (room, seq, data, reason, quarantined_at) SELECT room, seq, data, ?, ? FROM yjs_updates WHERE room = ? AND data = ?',
  );
  const insertQuarantined = db.prepare<[string, Uint8Array, string, number]>(
    'INSERT INTO yjs_quarantine (room, seq, data, reason, quarantined_at) VALUES (?, NULL, ?, ?, ?)',
  );
  const removeRow = db.prepare<[string, Uint8Array]>('DELETE FROM yjs_updates WHERE room = ? AND data = ?');
  const countQuarantined = db.prepare<[string], number>('SELECT count(*) FROM yjs_quarantine WHERE room = ?').pluck();
  const quarantine = db.transaction((room: string, update: Uint8Array, reason: string) => {
    const at = Date.now();
    if (moveToQuarantine.run(reason, at, room, update).changes === 0) insertQuarantined.run(room, update, reason, at);
    removeRow.run(room, update);
  });
  const groupCommitMs = options.groupCommitMs ?? SQLITE_STORE_DEFAULTS.groupCommitMs;
  let group: { entries: [string, readonly Uint8Array[]][]; waiters: { resolve: () => void; reject: (error: unknown) => void }[] } | undefined;
  const insertGroup = db.transaction((entries: [string, readonly Uint8Array[]][]) => {
    for (const [room, updates] of entries) for (const update of updates) insert.run(room, update);
  });
  const commitGroup = (): void => {
    const current = group;
    group = undefined;
    if (!current) return;
    try {
      insertGroup(current.entries);
    } catch (error) {
      for (const waiter of current.waiters) waiter.reject(error);
      return;
    }
    for (const waiter of current.waiters) waiter.resolve();
  };
  const appendGrouped = (room: string, updates: readonly Uint8Array[]): Promise<void> =>
    new Promise((resolve, reject) => {
      if (!group) {
        group = { entries: [], waiters: [] };
        if (groupCommitMs > 0) setTimeout(commitGroup, groupCommitMs);
        else setImmediate(commitGroup);
      }
      // Held until the commit without a copy: callers hand over updates they never mutate.
      group.entries.push([room, updates]);
      group.waiters.push({ resolve, reject });
    });

  return {
    loadRoom: (room) => select.all(room).map((row) => new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength)),
    appendUpdate: (room, update) => {
      insert.run(room, update);
    },
    appendUpdates: groupCommitMs >= 0
      ? appendGrouped
      : (room, updates) => {
          insertMany(room, updates);
        },
    compactRoom: (room, state) => {
      replace(room, state);
    },
    quarantineUpdate: (room, update, reason) => {
      quarantine(room, update, reason);
    },
    quarantinedUpdates: (room) => countQuarantined.get(room) ?? 0,
  };
}
