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

/** A promise and the functions that settle it, for tests that step through async work by hand. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
