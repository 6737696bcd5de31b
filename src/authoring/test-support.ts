/** Fixtures for the authoring tests (fake-indexeddb). Not imported by application code. */
import type { FieldbookDB } from '../db';
import { T0, uuid } from '../db/test-support';
import type { ContentDocument, DocumentId, UserId } from '../domain';
import type { Draft } from '../domain/authoring';
import { publishVersion } from './publish';

export const ADMIN = uuid() as UserId;
export const MEMBER = uuid() as UserId;

export const formDraft = (documentId: string, labels: string[], title = 'Site visit'): Draft => ({
  documentId: documentId as DocumentId,
  contentType: 'form',
  title,
  description: '',
  savedAt: T0,
  definition: { fields: labels.map((label, i) => ({ id: `f${i}`, label, kind: 'text' as const, required: i === 0 })) },
});

export async function publishOk(db: FieldbookDB, draft: Draft, document: ContentDocument | undefined, now: number) {
  const result = await publishVersion(db, { document, draft, by: ADMIN, now, newId: uuid });
  if (!result.ok) throw new Error(`unexpected problems: ${JSON.stringify(result.problems)}`);
  return result;
}
