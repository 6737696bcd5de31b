export { FieldbookDB, openFieldbookDB, SCHEMA_V1, SCHEMA_V2 } from './database';
export type { FileChunkRow, FileRefRow, FileRole, FileRow, FileUploadState, TusUploadRow } from './file-rows';
export type { InstanceRow, KvRow } from './database';
export {
  writeRecords,
  pendingOutbox,
  failedOutbox,
  outboxCounts,
  pendingRecordChanges,
  markSent,
  markFailed,
  retryFailed,
  discardFailed,
  InvalidRecordError,
} from './outbox';
export type { OutboxEntry, OutboxError, OutboxState, PendingRecordChanges, RecordKind, RecordWrite } from './outbox';
export type { RecordValues } from './records';
export { kvGet, kvSet, kvDelete } from './kv';
export {
  listLibrary,
  getDocument,
  getVersion,
  getCurrentVersion,
  listVersions,
  listInstances,
  listInstancesForSession,
  listActivity,
  SCAN_CAP,
} from './queries';
export type { Cursor, Page, LibraryQuery, InstanceQuery, PageQuery, ActivityQuery } from './queries';
export { applyChanges, getChangesCursor, storeFetchedRecords } from './apply-changes';
export { readMembers, storeMembers } from './members';
export type { ApplyResult } from './apply-changes';
