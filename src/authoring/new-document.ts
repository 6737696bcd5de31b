import type { FieldbookDB } from '../db';
import { draftSchema } from '../domain/authoring';
import type { DocumentFile } from '../domain/authoring';
import type { DocumentId, Timestamp, UserId } from '../domain';
import { publishVersion } from './publish';
import type { PublishResult } from './publish';

/** New documents made from existing content: an imported file or a copy. Both publish version 1 at once. */

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
