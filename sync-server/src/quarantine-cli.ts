/**
 * Operator's tool for quarantined Yjs updates (relay SPEC R17):
 *
 *   npm run relay:quarantine -- list              rooms with quarantined updates
 *   npm run relay:quarantine -- clear <room>      delete them: the room compacts again
 *   npm run relay:quarantine -- restore <room>    put them back in the room's log (relay stopped)
 *
 * Reads `DATA_DIR` like the relay. `clear` is safe while the relay runs (it looks at the
 * quarantine before every compaction). `restore` is not: a room loaded in memory would compact the
 * restored rows away, so stop the relay first; a restored row that still does not load is
 * quarantined again on the room's next load.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { DEFAULTS } from './config';
import { DATABASE_FILE } from './db/database';
import { RELAY_SCHEMA } from './relay';

export interface QuarantineRow {
  readonly room: string;
  readonly updates: number;
  readonly bytes: number;
  readonly firstAt: number;
  readonly reason: string;
}

export function listQuarantine(db: Db): QuarantineRow[] {
  return db
    .prepare<[], QuarantineRow>(
      `SELECT room, count(*) AS updates, sum(length(data)) AS bytes, min(quarantined_at) AS firstAt, min(reason) AS reason
       FROM yjs_quarantine GROUP BY room ORDER BY firstAt`,
    )
    .all();
}

/** Delete the room's quarantined updates; returns how many. */
export function clearQuarantine(db: Db, room: string): number {
  return db.prepare<[string]>('DELETE FROM yjs_quarantine WHERE room = ?').run(room).changes;
}

/** Append the room's quarantined updates to its log again and drop them from quarantine; returns how many. */
export function restoreQuarantine(db: Db, room: string): number {
  return db.transaction(() => {
    db.prepare<[string]>('INSERT INTO yjs_updates (room, data) SELECT room, data FROM yjs_quarantine WHERE room = ? ORDER BY id').run(room);
    return clearQuarantine(db, room);
  })();
}

const USAGE = 'usage: relay:quarantine list | clear <room> | restore <room>   (DATA_DIR selects the relay data)';

/** Runs one command; returns what to print and the exit code. */
export function runQuarantineCommand(db: Db, args: readonly string[]): { output: string; code: number } {
  db.exec(RELAY_SCHEMA);
  const [command, room] = args;
  if (command === 'list') {
    const rows = listQuarantine(db);
    if (rows.length === 0) return { output: 'no quarantined updates', code: 0 };
    const lines = rows.map((r) => `${r.room}  ${r.updates} update(s), ${r.bytes} bytes, since ${new Date(r.firstAt).toISOString()}: ${r.reason}`);
    return { output: lines.join('\n'), code: 0 };
  }
  if ((command === 'clear' || command === 'restore') && room) {
    const n = command === 'clear' ? clearQuarantine(db, room) : restoreQuarantine(db, room);
    return { output: `${command === 'clear' ? 'deleted' : 'restored'} ${n} quarantined update(s) of ${room}`, code: n > 0 ? 0 : 1 };
  }
  return { output: USAGE, code: 2 };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const db = new Database(path.join(path.resolve(process.env.DATA_DIR || DEFAULTS.dataDir), DATABASE_FILE), { fileMustExist: true });
  try {
    const { output, code } = runQuarantineCommand(db, process.argv.slice(2));
    (code === 0 ? console.log : console.error)(output);
    process.exitCode = code;
  } finally {
    db.close();
  }
}
