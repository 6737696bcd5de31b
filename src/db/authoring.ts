import { checkDraft, draftSchema } from '../domain/authoring';
import type { AuthoringProblem, Draft, DocumentFile } from '../domain/authoring';
import type { ContentDocument, DocumentId, DocumentVersion, Timestamp, UserId, VersionId } from '../domain';
import { DRAFT_PREFIX, draftKey } from '../protocol';
import type { FieldbookDB } from './database';
import { kvDelete, kvGet, kvSet } from './kv';
import { writeRecords } from './outbox';
import { RECORD_TABLES } from './records';
import { listVersions } from './queries';

/**
 * Authoring on this device: drafts live in kv (view state of one admin's device, never
 * synced); publishing turns a draft into an immutable version and points the document at it.
 */

export { draftKey };

/** The saved draft of a document, or undefined (none, or one that no longer fits the schema). */
export function loadDraft(db: FieldbookDB, documentId: string): Promise<Draft | undefined> {
  return kvGet(db, draftKey(documentId), draftSchema);
}

/** Every draft on this device (served by the kv primary key, a prefix range). */
export async function listDrafts(db: FieldbookDB): Promise<Draft[]> {
  const rows = await db.kv.where('key').startsWith(DRAFT_PREFIX).toArray();
  return rows.flatMap((row) => {
    const parsed = draftSchema.safeParse(row.value);
    return parsed.success ? [parsed.data] : [];
  });
}

export async function saveDraft(db: FieldbookDB, draft: Draft): Promise<void> {
  await kvSet(db, draftKey(draft.documentId), draftSchema.parse(draft));
}

export function discardDraft(db: FieldbookDB, documentId: string): Promise<void> {
  return kvDelete(db, draftKey(documentId));
}

export interface PublishInput {
  /** The stored document; absent when the draft is of a document never published. */
  readonly document?: ContentDocument | undefined;
  readonly draft: Draft;
  readonly by: UserId;
  readonly now: Timestamp;
  readonly newId: () => string;
}

export type PublishResult =
  | { readonly ok: true; readonly document: ContentDocument; readonly version: DocumentVersion }
  | { readonly ok: false; readonly problems: AuthoringProblem[] };

export class PublishConflictError extends Error {
  override readonly name = 'PublishConflictError';
}

/**
 * Publish a draft: validate it, then in ONE transaction write the new immutable version
 * (number = highest known + 1) and the document pointing at it (one `writeRecords` call, so
 * both reach the outbox together, version first), and drop the draft. Runs pinned to older
 * versions keep them: versions are never rewritten.
 */
export async function publishVersion(db: FieldbookDB, input: PublishInput): Promise<PublishResult> {
  const { document, draft, by, now } = input;
  if (document !== undefined && (document.id !== draft.documentId || document.contentType !== draft.contentType)) {
    throw new PublishConflictError('The draft belongs to a different document or content type');
  }
  const check = checkDraft(draft);
  if (!check.ok) return { ok: false, problems: check.problems };
  return db.transaction('rw', [...RECORD_TABLES, 'outbox', 'kv'], async () => {
    const latest = (await listVersions(db, draft.documentId))[0];
    const version = {
      id: input.newId() as VersionId,
      documentId: draft.documentId,
      version: (latest?.version ?? 0) + 1,
      contentType: draft.contentType,
      definition: check.definition,
      publishedAt: now,
      publishedBy: by,
    } as DocumentVersion;
    // The stored row, not the caller's copy: it may have changed (archived, synced) since the editor opened.
    const stored = (await db.documents.get(draft.documentId)) ?? document;
    const next: ContentDocument = {
      id: draft.documentId,
      title: check.meta.title,
      contentType: draft.contentType,
      currentVersionId: version.id,
      createdBy: stored?.createdBy ?? by,
      createdAt: stored?.createdAt ?? now,
      // The relay keeps the document with the latest updatedAt: always move it forward.
      updatedAt: Math.max(now, (stored?.updatedAt ?? 0) + 1),
    };
    if (check.meta.description !== undefined) next.description = check.meta.description;
    if (stored?.archivedAt !== undefined) next.archivedAt = stored.archivedAt;
    await writeRecords(
      db,
      [
        { kind: 'version', value: version },
        { kind: 'document', value: next },
      ],
      now,
    );
    await db.kv.delete(draftKey(draft.documentId));
    return { ok: true, document: next, version } as const;
  });
}

/** A new document (version 1) from an imported file that has already been validated. */
export async function importDocument(
  db: FieldbookDB,
  input: { readonly file: DocumentFile; readonly by: UserId; readonly now: Timestamp; readonly newId: () => string },
): Promise<PublishResult> {
  const { file } = input;
  const draft = draftSchema.parse({
    documentId: input.newId(),
    contentType: file.document.contentType,
    title: file.document.title,
    description: file.document.description ?? '',
    definition: file.definition,
    savedAt: input.now,
  });
  return publishVersion(db, { draft, by: input.by, now: input.now, newId: input.newId });
}

/**
 * A copy of a document at its current version: a new document with its own version 1 and
 * the same content (part ids kept, since they only need to be unique within one definition).
 */
export async function duplicateDocument(
  db: FieldbookDB,
  input: { readonly documentId: DocumentId; readonly by: UserId; readonly now: Timestamp; readonly newId: () => string; readonly title?: string },
): Promise<PublishResult | undefined> {
  const [document, version] = await db.transaction('r', db.documents, db.versions, async () => {
    const doc = await db.documents.get(input.documentId);
    return [doc, doc === undefined ? undefined : await db.versions.get(doc.currentVersionId)] as const;
  });
  if (document === undefined || version === undefined) return undefined;
  const draft = draftSchema.parse({
    documentId: input.newId(),
    contentType: version.contentType,
    title: input.title ?? copyTitle(document.title),
    description: document.description ?? '',
    definition: version.definition,
    savedAt: input.now,
  });
  return publishVersion(db, { draft, by: input.by, now: input.now, newId: input.newId });
}

const TITLE_MAX = 200;
export const copyTitle = (title: string): string => `Copy of ${title}`.slice(0, TITLE_MAX);

/**
 * Archive (hide from the library) or restore a document. Its versions, instances and
 * activity stay: runs in progress carry on and history still names it.
 */
export async function setArchived(
  db: FieldbookDB,
  input: { readonly documentId: DocumentId; readonly archived: boolean; readonly now: Timestamp },
): Promise<ContentDocument | undefined> {
  return db.transaction('rw', [...RECORD_TABLES, 'outbox'], async () => {
    const stored = await db.documents.get(input.documentId);
    if (stored === undefined) return undefined;
    const { archivedAt: _was, ...rest } = stored;
    const next: ContentDocument = { ...rest, updatedAt: Math.max(input.now, stored.updatedAt + 1) };
    if (input.archived) next.archivedAt = input.now;
    await writeRecords(db, [{ kind: 'document', value: next }], input.now);
    return next;
  });
}

export const archiveDocument = (db: FieldbookDB, documentId: DocumentId, now: Timestamp): Promise<ContentDocument | undefined> =>
  setArchived(db, { documentId, archived: true, now });
