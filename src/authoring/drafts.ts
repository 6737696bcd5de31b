import { kvDelete, kvGet, kvSet } from '../db';
import type { FieldbookDB } from '../db';
import { draftSchema } from '../domain/authoring';
import type { Draft } from '../domain/authoring';
import { DRAFT_PREFIX, draftKey } from '../protocol';

/**
 * Drafts live in kv: view state of one admin's device, never synced, parsed on every read (a
 * draft stored by an older app that no longer fits the schema reads as absent).
 */

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
