import { getCurrentVersion, getDocument } from '../../db';
import type { FieldbookDB } from '../../db';
import { startInstance } from '../../completion';
import type { ContentDocument, DocumentId, DocumentVersion, Instance, UserId } from '../../domain';
import { recordWriter } from './records';

/** Start a run of `document` pinned to `version` (the document's current one). */
export function startRun(db: FieldbookDB, userId: UserId, document: ContentDocument, version: DocumentVersion): Promise<Instance> {
  return startInstance({
    document,
    documentVersion: version,
    owner: { userId },
    now: Date.now(),
    newId: () => crypto.randomUUID(),
    records: recordWriter(db),
  });
}

/** "Run again": a new instance of the document at its current version (which may be newer than the finished run's). */
export async function startRunOf(db: FieldbookDB, userId: UserId, documentId: DocumentId): Promise<Instance | undefined> {
  const [document, version] = await Promise.all([getDocument(db, documentId), getCurrentVersion(db, documentId)]);
  if (document === undefined || version === undefined) return undefined;
  return startRun(db, userId, document, version);
}
