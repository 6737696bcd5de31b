import { listVersions, writeRecords } from '../db';
import type { FieldbookDB } from '../db';
import { RECORD_TABLES } from '../db/records';
import { checkDraft } from '../domain/authoring';
import type { AuthoringProblem, Draft } from '../domain/authoring';
import type { ContentDocument, DocumentVersion, Timestamp, UserId, VersionId } from '../domain';
import { draftKey } from '../protocol';

/**
 * Publishing: a draft becomes an immutable version and the document points at it. Checked
 * first (`checkDraft`: every problem in words, with its place), written in one transaction.
 */

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
