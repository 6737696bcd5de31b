import type { ContentDocument, DocumentId, DocumentVersion, UserId, VersionId } from '../../src/domain';
import { applyEdit, closeInstance, indexeddbPersistence, openInstance, startInstance } from '../../src/completion';
import { openFieldbookDB, writeRecords } from '../../src/db';
import { summarize, type Timing } from './stats';

export interface ToggleResult {
  readonly runs: number;
  /** Tap to "durable": Yjs update committed to IndexedDB, then the projected row + outbox entry. */
  readonly toggle: Timing;
  /** Floor: one small put in its own IndexedDB transaction (strict durability), awaited to complete. */
  readonly rawPut: Timing;
}

const RUNS = 200;
const uuid = (): string => crypto.randomUUID();

async function rawPuts(): Promise<Timing> {
  const name = `bench-raw-${uuid()}`;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => req.result.createObjectStore('s', { autoIncrement: true });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('open failed'));
  });
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('s', 'readwrite', { durability: 'strict' });
      tx.objectStore('s').add(new Uint8Array(40));
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('put failed'));
    });
    samples.push(performance.now() - start);
  }
  db.close();
  indexedDB.deleteDatabase(name);
  return summarize(samples);
}

/** Toggle steps of a 200-step procedure the way the runner does (applyEdit), timing each until durable. */
export async function benchToggles(): Promise<ToggleResult> {
  const db = openFieldbookDB(`bench-toggle-${uuid()}`);
  const me = uuid() as UserId;
  const now = Date.now();
  const steps = Array.from({ length: 200 }, (_, i) => ({ id: `s${i}`, title: `Step ${i + 1}`, required: true }));
  const document: ContentDocument = {
    id: uuid() as DocumentId,
    title: 'Bench procedure',
    contentType: 'procedure',
    currentVersionId: uuid() as VersionId,
    createdBy: me,
    createdAt: now,
    updatedAt: now,
  };
  const version: DocumentVersion = {
    id: document.currentVersionId,
    documentId: document.id,
    version: 1,
    contentType: 'procedure',
    definition: { steps },
    publishedAt: now,
    publishedBy: me,
  };
  const records = { writeRecords: (w: Parameters<typeof writeRecords>[1]) => writeRecords(db, w) };
  const instance = await startInstance({ document, documentVersion: version, owner: { userId: me }, now, newId: uuid, records });
  const session = await openInstance({ instance, version, persistence: indexeddbPersistence(instance.id), records, device: uuid() });
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    await applyEdit(session, { kind: 'done', id: `s${i % 200}`, done: true });
    samples.push(performance.now() - start);
  }
  await closeInstance(session);
  await db.delete();
  return { runs: RUNS, toggle: summarize(samples), rawPut: await rawPuts() };
}
