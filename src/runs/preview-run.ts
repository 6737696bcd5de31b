import { closeInstance, MemoryDocStore, memoryPersistence, openInstance } from '../completion';
import type { OpenInstance, RecordWriter } from '../completion';
import { kvDelete } from '../db';
import type { FieldbookDB } from '../db';
import type { ContentType, Definition, DocumentId, DocumentVersion, Instance, InstanceId, UserId, VersionId } from '../domain';
import { EditTracker } from './edit-tracker';
import { positionKey } from '../protocol';

/** Preview runs write nowhere: their records are dropped and their doc lives in memory. */
const NO_RECORDS: RecordWriter = { writeRecords: () => Promise.resolve() };
const PREVIEW_VERSION_ID = '00000000-0000-4000-8000-000000000000' as VersionId;

export interface PreviewRun {
  readonly session: OpenInstance;
  readonly tracker: EditTracker;
  readonly instance: Instance;
  /** The draft as a version (never published): the definition last given, which every edit is projected against. */
  readonly version: DocumentVersion;
  /**
   * Run the author's newer draft definition from now on; the answers stay. The session projects
   * each edit against the draft's steps, items or fields as the real runner does; a stand-in
   * without them would fail every edit with "could not be saved".
   */
  follow(definition: Definition): void;
}

export interface PreviewRunInput {
  readonly instanceId: InstanceId;
  readonly documentId: DocumentId;
  readonly contentType: ContentType;
  readonly userId: UserId;
  /** The definition the preview shows (the draft's, made runnable by `previewDefinition`). */
  readonly definition: Definition;
}

/**
 * The editor's preview: a run of the draft on an in-memory Y.Doc, so answers, ticks and
 * validation behave exactly as in the field while nothing reaches IndexedDB, the outbox or the
 * relay.
 */
export async function openPreviewRun(input: PreviewRunInput): Promise<PreviewRun> {
  const { instanceId, documentId, contentType, userId } = input;
  const now = Date.now();
  const instance: Instance = {
    id: instanceId,
    sourceDocumentId: documentId,
    documentVersionId: PREVIEW_VERSION_ID,
    contentType,
    title: 'Preview',
    userId,
    status: 'not_started',
    progress: 0,
    createdAt: now,
    lastActivityAt: now,
  };
  const versionOf = (definition: Definition): DocumentVersion =>
    ({ id: PREVIEW_VERSION_ID, documentId, version: 1, contentType, definition, publishedAt: now, publishedBy: userId }) as DocumentVersion;
  let current = versionOf(input.definition);
  // The session keeps the version object it was opened with and reads its definition on each
  // edit, so this one reads the draft last followed.
  const live = {
    ...current,
    get definition(): Definition {
      return current.definition;
    },
  } as DocumentVersion;
  const session = await openInstance({ instance, version: live, persistence: memoryPersistence(new MemoryDocStore(), `preview:${instanceId}`), records: NO_RECORDS, device: 'preview' });
  return {
    session,
    tracker: new EditTracker(session),
    instance,
    get version() {
      return current;
    },
    follow(definition) {
      current = versionOf(definition);
    },
  };
}

/** Close a preview once its edits settled. */
export async function closePreviewRun(run: PreviewRun): Promise<void> {
  await run.tracker.idle();
  await closeInstance(run.session);
}

/** Remove the one trace a preview leaves on the device: the runner's "where you left off" kv key. Never rejects. */
export function forgetPreviewPosition(db: FieldbookDB, instanceId: InstanceId): Promise<void> {
  return kvDelete(db, positionKey(instanceId)).catch(() => undefined);
}
