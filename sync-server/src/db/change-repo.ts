import type { Database } from 'better-sqlite3';
import type { ChangeKind } from '../../../src/domain';
import type { ChangeBus, ChangeNotice, Viewer, Visibility } from '../events/change-bus';

export type { Viewer, Visibility } from '../events/change-bus';

export interface ChangeRow {
  readonly seq: number;
  readonly kind: ChangeKind;
  readonly id: string;
  readonly value: unknown;
}

export interface ChangeRepo {
  /** Move the record to the head of the feed. Call inside the transaction that wrote it. */
  record(kind: ChangeKind, recordId: string, scope: Visibility): void;
  /** Up to `limit` changes after `since` that `viewer` may read, oldest first. */
  page(since: number, limit: number, viewer: Viewer): ChangeRow[];
  /** The highest seq this database has ever issued (0 before the first change). */
  lastIssuedSeq(): number;
  /**
   * Call once the outermost transaction around `record` calls has ended: on commit the
   * recorded changes go to the bus (live listeners), on rollback they are dropped.
   */
  settle(committed: boolean): void;
}

interface FeedRow {
  seq: number;
  kind: ChangeKind;
  id: string;
  json: string | null;
}

/** `bus`: where committed changes are announced (`GET /api/events`); none for read-only use. */
export function createChangeRepo(db: Database, bus?: ChangeBus): ChangeRepo {
  let pending: ChangeNotice[] = [];
  // AUTOINCREMENT keeps the highest seq ever used here, also after its row moved on.
  const lastSeq = db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'changes'");
  const remove = db.prepare<[string, string]>('DELETE FROM changes WHERE kind = ? AND record_id = ?');
  const insert = db.prepare<[string, string, string, string | null, string | null, string | null, number]>(
    'INSERT INTO changes (kind, record_id, visibility, owner_id, session_id, link_id, admins) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const select = `
    SELECT c.seq, c.kind, c.record_id AS id, COALESCE(d.json, v.json, i.json, a.json, s.json) AS json
    FROM changes c
    LEFT JOIN documents d ON c.kind = 'document' AND d.id = c.record_id
    LEFT JOIN versions v ON c.kind = 'version' AND v.id = c.record_id
    LEFT JOIN instances i ON c.kind = 'instance' AND i.id = c.record_id
    LEFT JOIN activity a ON c.kind = 'activity' AND a.id = c.record_id
    LEFT JOIN share_links s ON c.kind = 'shareLink' AND s.id = c.record_id
    WHERE c.seq > @since`;
  // The scope rules; events/change-bus.ts isVisibleTo must say the same.
  const memberFeed = db.prepare<{ since: number; limit: number; userId: string; isAdmin: number }, FeedRow>(`${select}
      AND (c.visibility = 'workspace' OR c.owner_id = @userId OR (@isAdmin = 1 AND (c.kind IN ('activity', 'instance') OR c.admins = 1)))
    ORDER BY c.seq
    LIMIT @limit
  `);
  const sessionFeed = db.prepare<{ since: number; limit: number; sessionId: string; linkId: string; documentId: string; versionId: string }, FeedRow>(`${select}
      AND ((c.session_id = @sessionId AND c.link_id = @linkId)
        OR (c.kind = 'document' AND c.record_id = @documentId)
        OR (c.kind = 'version' AND c.record_id = @versionId))
    ORDER BY c.seq
    LIMIT @limit
  `);

  return {
    record(kind, recordId, scope) {
      remove.run(kind, recordId);
      const owner = scope.visibility === 'owner' ? scope : undefined;
      const { lastInsertRowid } = insert.run(
        kind,
        recordId,
        scope.visibility,
        owner?.ownerId ?? null,
        owner?.session?.sessionId ?? null,
        owner?.session?.linkId ?? null,
        owner?.admins === true ? 1 : 0,
      );
      if (bus) pending.push({ seq: Number(lastInsertRowid), kind, recordId, scope });
    },
    settle(committed) {
      const notices = pending;
      pending = [];
      if (committed && notices.length > 0) bus?.publish(notices);
    },
    lastIssuedSeq: () => lastSeq.get()?.seq ?? 0,
    page(since, limit, viewer) {
      const rows =
        viewer.kind === 'member'
          ? memberFeed.all({ since, limit, userId: viewer.userId, isAdmin: viewer.isAdmin ? 1 : 0 })
          : sessionFeed.all({
              since,
              limit,
              sessionId: viewer.sessionId,
              linkId: viewer.shareLinkId,
              documentId: viewer.documentId,
              // No version matches the empty string: ids are UUIDs.
              versionId: viewer.versionId ?? '',
            });
      return rows
        .filter((row): row is FeedRow & { json: string } => row.json !== null)
        .map((row) => ({ seq: row.seq, kind: row.kind, id: row.id, value: JSON.parse(row.json) as unknown }));
    },
  };
}

/**
 * Wrap `fn` in a transaction (a savepoint when nested) that, when it was the outermost one,
 * publishes or drops the changes `changes` recorded. A nested rollback caught by an outer
 * transaction that then commits may announce a change that is not there: harmless, listeners
 * only pull.
 */
export function settledTransaction<A extends unknown[], T>(db: Database, changes: ChangeRepo, fn: (...args: A) => T): (...args: A) => T {
  const run = db.transaction(fn);
  return (...args: A): T => {
    let result: T;
    try {
      result = run(...args);
    } catch (error) {
      if (!db.inTransaction) changes.settle(false);
      throw error;
    }
    if (!db.inTransaction) changes.settle(true);
    return result;
  };
}
