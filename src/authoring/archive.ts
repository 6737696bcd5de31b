import { writeRecords } from '../db';
import type { FieldbookDB } from '../db';
import { RECORD_TABLES } from '../db/records';
import type { ContentDocument, DocumentId, Timestamp } from '../domain';

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
