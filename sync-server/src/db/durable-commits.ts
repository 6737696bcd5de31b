import type { Database } from 'better-sqlite3';

/**
 * Group commit for the HTTP API (DESIGN §3: the relay acknowledges only durable writes).
 *
 * Each request commits its own transaction at once on a `synchronous = NORMAL` connection, so
 * its read-decide-write stays atomic and later requests see it; in WAL mode that commit is safe
 * from a process crash but not yet from an OS crash or power loss. Before a write is answered,
 * `sync()` waits for the group's barrier: every `groupMs` at most one small commit made with
 * `synchronous = FULL`, whose WAL sync makes every earlier commit of the group durable too (an
 * fsync covers the whole WAL file). One sync per group instead of one per write, as the Yjs store
 * does with its grouped transaction (relay/sqlite-store.ts).
 */
export interface DurableCommits {
  /** Resolves once every commit made on the connection so far is durable. */
  sync(): Promise<void>;
  /** Commits made durable so far by a barrier (for tests and the bench). */
  barriers(): number;
}

export interface DurableCommitOptions {
  /** Group window in ms; negative: `synchronous = FULL` on every commit, `sync()` resolves at once. */
  readonly groupMs: number;
}

const MARKER_SCHEMA = `
  CREATE TABLE IF NOT EXISTS durability_marker (id INTEGER PRIMARY KEY CHECK (id = 1), barriers INTEGER NOT NULL);
  INSERT OR IGNORE INTO durability_marker (id, barriers) VALUES (1, 0);
`;

export function createDurableCommits(db: Database, { groupMs }: DurableCommitOptions): DurableCommits {
  if (groupMs < 0) {
    db.pragma('synchronous = FULL');
    return { sync: () => Promise.resolve(), barriers: () => 0 };
  }
  db.exec(MARKER_SCHEMA);
  const totalChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
  const bump = db.prepare('UPDATE durability_marker SET barriers = barriers + 1 WHERE id = 1');
  let durableUpTo = totalChanges.get() ?? 0;
  let count = 0;
  let group: { resolve: () => void; reject: (error: unknown) => void }[] | undefined;

  const barrier = (): void => {
    const waiters = group ?? [];
    group = undefined;
    try {
      db.pragma('synchronous = FULL');
      try {
        bump.run();
      } finally {
        db.pragma('synchronous = NORMAL');
      }
      durableUpTo = totalChanges.get() ?? durableUpTo;
      count += 1;
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
      return;
    }
    for (const waiter of waiters) waiter.resolve();
  };

  return {
    sync() {
      if (!group && (totalChanges.get() ?? 0) === durableUpTo) return Promise.resolve();
      return new Promise((resolve, reject) => {
        if (!group) {
          group = [];
          setTimeout(barrier, groupMs);
        }
        group.push({ resolve, reject });
      });
    },
    barriers: () => count,
  };
}
