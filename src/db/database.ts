import { Dexie } from 'dexie';
import type { Table } from 'dexie';
import type {
  ActivityEvent,
  ActivityId,
  ContentDocument,
  DocumentId,
  DocumentVersion,
  Instance,
  InstanceId,
  ShareLink,
  ShareLinkId,
  VersionId,
} from '../domain';
import type { FileChunkRow, FileRefRow, FileRow, TusUploadRow } from './file-rows';
import type { OutboxEntry } from './outbox-entry';

/**
 * The stored instance row is the domain Instance unchanged. IndexedDB skips (without error)
 * any index whose key path yields no valid key, so a member's row (no sessionId) is simply
 * absent from `sessionId` / `[sessionId+lastActivityAt]` and an anonymous recipient's row (no
 * userId) is absent from the `[userId+…]` indexes. Queries therefore only ever see rows of the
 * owner kind they ask for, which is what every screen wants.
 */
export type InstanceRow = Instance;

export interface KvRow {
  key: string;
  value: unknown;
}

/**
 * Schema history. Never edit a shipped version: add `version(n + 1)` with the new stores
 * (and an `upgrade` when rows need rewriting).
 */
export const SCHEMA_V1 = {
  documents: 'id, contentType, [contentType+title], title, updatedAt',
  versions: 'id, [documentId+version]',
  instances:
    'id, [userId+status+lastActivityAt], [userId+lastActivityAt], [sourceDocumentId+createdAt], sessionId, [sessionId+lastActivityAt]',
  activity: 'id, [userId+createdAt], [documentId+createdAt], [type+createdAt], createdAt, instanceId',
  shareLinks: 'id, [documentId+createdAt], [createdBy+createdAt]',
  outbox: '++seq, [kind+recordId], state',
  kv: 'key',
} as const;

/** Issue 11, evidence: files stored once by hash, their chunks, run references, tus resume URLs. */
export const SCHEMA_V2 = {
  files: 'sha256, [state+role], createdAt',
  fileChunks: '[sha256+index]',
  fileRefs: '[instanceId+sha256], sha256, onRelay',
  tusUploads: 'key, fingerprint',
} as const;

export class FieldbookDB extends Dexie {
  documents!: Table<ContentDocument, DocumentId>;
  versions!: Table<DocumentVersion, VersionId>;
  instances!: Table<InstanceRow, InstanceId>;
  activity!: Table<ActivityEvent, ActivityId>;
  shareLinks!: Table<ShareLink, ShareLinkId>;
  outbox!: Table<OutboxEntry, number>;
  kv!: Table<KvRow, string>;
  files!: Table<FileRow, string>;
  fileChunks!: Table<FileChunkRow, [string, number]>;
  fileRefs!: Table<FileRefRow, [string, string]>;
  tusUploads!: Table<TusUploadRow, string>;

  constructor(name: string) {
    super(name);
    this.version(1).stores(SCHEMA_V1);
    this.version(2).stores(SCHEMA_V2);
  }
}

/** Opens lazily: Dexie opens the database on the first query. */
export function openFieldbookDB(name = 'fieldbook'): FieldbookDB {
  return new FieldbookDB(name);
}
