import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { migrations } from './migrations';

export const DATABASE_FILE = 'fieldbook.sqlite';

/**
 * `DATA_DIR` holds password and token hashes and the signing secret: the directory is made 0700
 * and the database file 0600 before SQLite opens it. SQLite gives its `-wal` and `-shm` files
 * the mode of the database file, so they are 0600 too. An existing directory is tightened as well.
 */
export function prepareDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const file = path.join(dataDir, DATABASE_FILE);
  // 'a' creates the file if absent (mode applies only then) and never truncates it.
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

/** Open (creating if needed) the relay database under `dataDir` and bring it to the latest schema. */
export function openDatabase(dataDir: string): Db {
  prepareDataDir(dataDir);
  const db = new Database(path.join(dataDir, DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  // NORMAL is durable against application crashes in WAL mode; before a write is answered, a grouped
  // synchronous = FULL barrier makes it durable against OS crashes too (durable-commits.ts).
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`database schema version ${current} is newer than this relay (${migrations.length})`);
  }
  for (let version = current; version < migrations.length; version++) {
    const step = migrations[version];
    if (!step) continue;
    db.transaction(() => {
      step(db);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
