import { applyEdit, closeInstance, indexeddbPersistence, openInstance, startInstance } from '../completion';
import type { Edit } from '../completion';
import { getDocument, getVersion } from '../db';
import type { FieldbookDB } from '../db';
import type { Instance, UserId } from '../domain';
import { deviceId } from '../sync/device';
import { recordWriter } from './record-writer';

/**
 * "Copy into a new run": the changes of `source` that the relay did not accept (the run was
 * finished on another device) are carried into a new run of the same document version, so the
 * work is not lost. The new run gets every answer as this device sees it (its own edits and
 * what it had received) and this device's notes; the finished run is left as it is. Returns the
 * new run, or undefined when the document or its version is not on this device.
 */
export async function copyIntoNewRun(db: FieldbookDB, userId: UserId, source: Instance): Promise<Instance | undefined> {
  const [document, version] = await Promise.all([getDocument(db, source.sourceDocumentId), getVersion(db, source.documentVersionId)]);
  if (document === undefined || version === undefined) return undefined;
  const device = deviceId();
  const records = recordWriter(db);
  const from = await openInstance({ instance: source, version, persistence: indexeddbPersistence(source.id), records, device });
  const edits: Edit[] = [];
  try {
    const { done, values } = from.model.snapshot();
    for (const [id, value] of Object.entries(done)) if (value) edits.push({ kind: 'done', id, done: true });
    for (const [key, value] of Object.entries(values)) if (value !== undefined) edits.push({ kind: 'value', key, value });
    for (const stepId of from.model.noteIds()) {
      for (const note of from.model.notes(stepId)) if (note.device === device) edits.push({ kind: 'note', stepId, noteId: crypto.randomUUID(), text: note.text });
    }
  } finally {
    await closeInstance(from);
  }
  const copy = await startInstance({ document, documentVersion: version, owner: { userId }, now: Date.now(), newId: () => crypto.randomUUID(), records });
  const to = await openInstance({ instance: copy, version, persistence: indexeddbPersistence(copy.id), records, device });
  let latest = copy;
  try {
    for (const edit of edits) latest = await applyEdit(to, edit);
  } finally {
    await closeInstance(to);
  }
  return latest;
}
