import type { Database } from 'better-sqlite3';
import type { Instance } from '../../../src/domain';

/** A stored file: its bytes are at `DATA_DIR/blobs/<aa>/<sha256>` (files/blob-store.ts). */
export interface BlobRow {
  readonly sha256: string;
  readonly mime: string;
  readonly size: number;
  readonly createdAt: number;
  /** The principal that first stored it (`user:<id>` or `session:<id>`); charged to its quota. */
  readonly createdBy: string;
}

/**
 * Rows of the `blobs` and `blob_refs` tables. Who may read or reference a blob is decided by
 * the caller (files/file-access.ts); this only stores and finds.
 */
export interface BlobRepo {
  get(sha256: string): BlobRow | undefined;
  /** Bytes of the blobs `principal` first stored. */
  usedBytes(principal: string): number;
  /** Insert the blob row unless one exists (the first writer's mime stays), and the instance's reference. */
  store(blob: BlobRow, instanceId: string): void;
  /** Add the instance's reference to a stored blob (idempotent). */
  addRef(instanceId: string, sha256: string): void;
  /** The instances (on the relay) that reference the blob. */
  referencingInstances(sha256: string): Instance[];
  transaction<T>(fn: () => T): T;
}

export function createBlobRepo(db: Database): BlobRepo {
  const q = {
    get: db.prepare<[string], { sha256: string; mime: string; size: number; created_at: number; created_by: string }>(
      'SELECT sha256, mime, size, created_at, created_by FROM blobs WHERE sha256 = ?',
    ),
    used: db.prepare<[string], number>('SELECT COALESCE(SUM(size), 0) FROM blobs WHERE created_by = ?').pluck(),
    insert: db.prepare<[string, string, number, number, string]>(
      'INSERT INTO blobs (sha256, mime, size, created_at, created_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING',
    ),
    ref: db.prepare<[string, string]>('INSERT INTO blob_refs (instance_id, sha256) VALUES (?, ?) ON CONFLICT DO NOTHING'),
    referencing: db.prepare<[string], string>(
      'SELECT i.json FROM blob_refs r JOIN instances i ON i.id = r.instance_id WHERE r.sha256 = ?',
    ).pluck(),
  };
  const transaction = <T>(fn: () => T): T => db.transaction(fn)();
  return {
    get(sha256) {
      const row = q.get.get(sha256);
      return row && { sha256: row.sha256, mime: row.mime, size: row.size, createdAt: row.created_at, createdBy: row.created_by };
    },
    usedBytes: (principal) => q.used.get(principal) ?? 0,
    store(blob, instanceId) {
      transaction(() => {
        q.insert.run(blob.sha256, blob.mime, blob.size, blob.createdAt, blob.createdBy);
        q.ref.run(instanceId, blob.sha256);
      });
    },
    addRef(instanceId, sha256) {
      q.ref.run(instanceId, sha256);
    },
    referencingInstances: (sha256) => q.referencing.all(sha256).map((json) => JSON.parse(json) as Instance),
    transaction,
  };
}
