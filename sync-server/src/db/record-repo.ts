import type { Database } from 'better-sqlite3';
import type { ActivityEvent, ContentDocument, DocumentVersion, Instance } from '../../../src/domain';
import type { ChangeBus } from '../events/change-bus';
import { createChangeRepo } from './change-repo';

/**
 * Storage of the synced records. Each put writes the row and moves the record to the head of
 * the change feed in one transaction. Deciding *what* to write (merge, immutability, access)
 * is the caller's job (records/record-service.ts).
 */
export interface RecordRepo {
  getDocument(id: string): ContentDocument | undefined;
  putDocument(doc: ContentDocument): void;
  getVersion(id: string): DocumentVersion | undefined;
  getVersionByNumber(documentId: string, version: number): DocumentVersion | undefined;
  putVersion(version: DocumentVersion): void;
  getInstance(id: string): Instance | undefined;
  putInstance(instance: Instance): void;
  getActivity(id: string): ActivityEvent | undefined;
  putActivity(event: ActivityEvent): void;
  /** Run `fn` in one transaction (better-sqlite3 transactions are synchronous, so read-decide-write is atomic). */
  transaction<T>(fn: () => T): T;
}

const parse = <T>(row: { json: string } | undefined): T | undefined => (row ? (JSON.parse(row.json) as T) : undefined);

/** `bus` hears of every change once its transaction has committed (never of a rolled-back one). */
export function createRecordRepo(db: Database, bus?: ChangeBus): RecordRepo {
  const changes = createChangeRepo(db, bus);
  const q = {
    document: db.prepare<[string], { json: string }>('SELECT json FROM documents WHERE id = ?'),
    upsertDocument: db.prepare<[string, string, number, string]>(
      `INSERT INTO documents (id, content_type, updated_at, json) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET content_type = excluded.content_type, updated_at = excluded.updated_at, json = excluded.json`,
    ),
    version: db.prepare<[string], { json: string }>('SELECT json FROM versions WHERE id = ?'),
    versionByNumber: db.prepare<[string, number], { json: string }>('SELECT json FROM versions WHERE document_id = ? AND version = ?'),
    insertVersion: db.prepare<[string, string, number, string]>('INSERT INTO versions (id, document_id, version, json) VALUES (?, ?, ?, ?)'),
    instance: db.prepare<[string], { json: string }>('SELECT json FROM instances WHERE id = ?'),
    upsertInstance: db.prepare<[string, string | null, string | null, string, string, string]>(
      `INSERT INTO instances (id, user_id, session_id, source_document_id, status, json) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, json = excluded.json`,
    ),
    activity: db.prepare<[string], { json: string }>('SELECT json FROM activity WHERE id = ?'),
    insertActivity: db.prepare<[string, string, string | null, string | null, string, string, number, string]>(
      `INSERT INTO activity (id, type, user_id, session_id, document_id, instance_id, created_at, json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };

  /**
   * Run `fn` in a transaction (a savepoint when nested) and, when it was the outermost one,
   * publish or drop its changes. A nested rollback caught by an outer transaction that then
   * commits may announce a change that is not there: harmless, listeners only pull.
   */
  const settled = <A extends unknown[], T>(fn: (...args: A) => T) => {
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
  };
  const tx = <A extends unknown[]>(fn: (...args: A) => void) => settled(fn);

  return {
    getDocument: (id) => parse(q.document.get(id)),
    putDocument: tx((doc: ContentDocument) => {
      q.upsertDocument.run(doc.id, doc.contentType, doc.updatedAt, JSON.stringify(doc));
      changes.record('document', doc.id, { visibility: 'workspace' });
    }),
    getVersion: (id) => parse(q.version.get(id)),
    getVersionByNumber: (documentId, version) => parse(q.versionByNumber.get(documentId, version)),
    putVersion: tx((version: DocumentVersion) => {
      q.insertVersion.run(version.id, version.documentId, version.version, JSON.stringify(version));
      changes.record('version', version.id, { visibility: 'workspace' });
    }),
    getInstance: (id) => parse(q.instance.get(id)),
    putInstance: tx((instance: Instance) => {
      const json = JSON.stringify(instance);
      q.upsertInstance.run(instance.id, instance.userId ?? null, instance.sessionId ?? null, instance.sourceDocumentId, instance.status, json);
      changes.record('instance', instance.id, { visibility: 'owner', ownerId: instance.userId ?? null });
    }),
    getActivity: (id) => parse(q.activity.get(id)),
    putActivity: tx((event: ActivityEvent) => {
      const { id, type, userId, sessionId, documentId, instanceId, createdAt } = event;
      q.insertActivity.run(id, type, userId ?? null, sessionId ?? null, documentId, instanceId, createdAt, JSON.stringify(event));
      changes.record('activity', id, { visibility: 'owner', ownerId: userId ?? null });
    }),
    transaction: (fn) => settled(fn)(),
  };
}
