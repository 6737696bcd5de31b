/**
 * Fixtures for the use-case tests (fake-indexeddb, real Yjs docs). Test files import
 * 'fake-indexeddb/auto' before this module. Not imported by application code.
 */
import type { FieldbookDB } from '../db';
import { aDocument, aVersion } from '../db/test-support';
import type { ContentDocument, DocumentVersion } from '../domain';

/** A procedure with one required step and one with a number field, stored on the device as the feed would. */
export async function storedProcedure(db: FieldbookDB): Promise<{ document: ContentDocument; version: DocumentVersion }> {
  const document = aDocument({ title: 'Pump inspection' });
  const version = aVersion(document.id, {
    id: document.currentVersionId,
    definition: {
      steps: [
        { id: 's1', title: 'Isolate the pump', required: true },
        { id: 's2', title: 'Read the gauge', required: false, fields: [{ id: 'bar', label: 'Pressure', kind: 'number', required: false }] },
      ],
    },
  });
  await db.documents.put(document);
  await db.versions.put(version);
  return { document, version };
}

/** A promise and the functions that settle it (the relay tests' own, one definition). */
export { deferred } from '../../sync-server/test/helpers/wait';
