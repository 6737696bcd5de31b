import type { Database } from 'better-sqlite3';
import type { ActivityEvent, ContentDocument, DocumentVersion, Instance } from '../../../src/domain';
import type { ChangeBus } from '../events/change-bus';
import { createChangeRepo, settledTransaction } from './change-repo';
import type { Visibility } from './change-repo';

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
  /**
   * `linkOwnerId`: for an anonymous recipient's instance (`sessionId` set), the creator of its
   * share link, who reads it (with admins and the session itself).
   */
  putInstance(instance: Instance, linkOwnerId?: string | null): void;
  /** Instances stored for an anonymous recipient's session (its quota). */
  countSessionInstances(sessionId: string): number;
  getActivity(id: string): ActivityEvent | undefined;
  /** `linkId`: for an anonymous recipient's event (`sessionId` set), the link its grant came from. */
  putActivity(event: ActivityEvent, linkId?: string): void;
  /** Run `fn` in one transaction (better-sqlite3 transactions are synchronous, so read-decide-write is atomic). */
  transaction<T>(fn: () => T): T;
}

const parse = <T>(row: { json: string } | undefined): T | undefined => (row ? (JSON.parse(row.json) as T) : undefined);

/**
 * A member's instance is read by its owner and admins; an anonymous recipient's (made through a share link)
 * by its session, the link's creator and admins (DESIGN §4).
 */
function instanceScope(instance: Instance, linkOwnerId: string | null): Visibility {
  if (instance.sessionId !== undefined && instance.shareLinkId !== undefined) {
    return { visibility: 'owner', ownerId: linkOwnerId, session: { sessionId: instance.sessionId, linkId: instance.shareLinkId }, admins: true };
  }
  // Admins read every instance anyway (the feed's rule by kind, change-repo.ts).
  return { visibility: 'owner', ownerId: instance.userId ?? null };
}

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
    upsertInstance: db.prepare<[string, string | null, string | null, string, string, string | null, string]>(
      `INSERT INTO instances (id, user_id, session_id, source_document_id, status, share_link_id, json) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, json = excluded.json`,
    ),
    sessionInstances: db.prepare<[string], number>('SELECT COUNT(*) FROM instances WHERE session_id = ?').pluck(),
    activity: db.prepare<[string], { json: string }>('SELECT json FROM activity WHERE id = ?'),
    insertActivity: db.prepare<[string, string, string | null, string | null, string, string, number, string]>(
      `INSERT INTO activity (id, type, user_id, session_id, document_id, instance_id, created_at, json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };

  const settled = <A extends unknown[], T>(fn: (...args: A) => T) => settledTransaction(db, changes, fn);
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
    putInstance: tx((instance: Instance, linkOwnerId?: string | null) => {
      const json = JSON.stringify(instance);
      const { id, userId, sessionId, shareLinkId } = instance;
      q.upsertInstance.run(id, userId ?? null, sessionId ?? null, instance.sourceDocumentId, instance.status, shareLinkId ?? null, json);
      changes.record('instance', id, instanceScope(instance, linkOwnerId ?? null));
    }),
    countSessionInstances: (sessionId) => q.sessionInstances.get(sessionId) ?? 0,
    getActivity: (id) => parse(q.activity.get(id)),
    putActivity: tx((event: ActivityEvent, linkId?: string) => {
      const { id, type, userId, sessionId, documentId, instanceId, createdAt } = event;
      q.insertActivity.run(id, type, userId ?? null, sessionId ?? null, documentId, instanceId, createdAt, JSON.stringify(event));
      const session = sessionId !== undefined && linkId !== undefined ? { session: { sessionId, linkId } } : {};
      changes.record('activity', id, { visibility: 'owner', ownerId: userId ?? null, ...session });
    }),
    transaction: (fn) => settled(fn)(),
  };
}
