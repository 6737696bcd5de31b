import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { indexeddbPersistence } from './indexeddb-persistence';
import { MemoryDocStore, memoryPersistence, StorageError } from './persistence';
import { docPersistenceContract } from './persistence-contract';
import { docDbName } from '../protocol';

docPersistenceContract('memory', () => {
  const store = new MemoryDocStore();
  return {
    open: (name) => memoryPersistence(store, name),
    failWrites: (error) => {
      store.failWrites = error;
    },
  };
});

// Storage failures are injected where IndexedDB reports them: adding a row.
const realAdd = Object.getOwnPropertyDescriptor(IDBObjectStore.prototype, 'add')?.value as (this: IDBObjectStore, value: unknown, key?: IDBValidKey) => IDBRequest<IDBValidKey>;
let addFailure: Error | null = null;
IDBObjectStore.prototype.add = function add(this: IDBObjectStore, value: unknown, key?: IDBValidKey): IDBRequest<IDBValidKey> {
  if (addFailure !== null) throw addFailure;
  return realAdd.call(this, value, key);
};
afterEach(() => {
  addFailure = null;
});

docPersistenceContract('y-indexeddb (fake-indexeddb)', () => ({
  open: (name) => indexeddbPersistence(name),
  failWrites: (error) => {
    addFailure = error;
  },
}));

function countRows(name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error ?? new Error('open failed'));
    open.onsuccess = () => {
      const db = open.result;
      const count = db.transaction('updates').objectStore('updates').count();
      count.onsuccess = () => {
        db.close();
        resolve(count.result);
      };
    };
  });
}

describe('y-indexeddb adapter', () => {
  it('P2 stores each update in the database y-indexeddb reads, under fieldbook-doc:<instanceId>', async () => {
    const doc = new Y.Doc();
    const persistence = indexeddbPersistence('inst-1');
    await persistence.load(doc);
    doc.getText('note:s1').insert(0, 'valve shut');
    await persistence.flushed();

    // Stock y-indexeddb, opened while the writer is still open, reads the flushed update.
    const reader = new Y.Doc();
    const stock = new IndexeddbPersistence(docDbName('inst-1'), reader);
    await stock.whenSynced;
    expect(reader.getText('note:s1').toJSON()).toBe('valve shut');
    await stock.destroy();
    await persistence.destroy();
  });

  it('P2 merges its rows once they pass the compaction threshold, losing nothing', async () => {
    const doc = new Y.Doc();
    const persistence = indexeddbPersistence('inst-compact', { compactAfter: 10 });
    await persistence.load(doc);
    for (let i = 0; i < 35; i++) doc.getArray('writes').push([i]);
    await persistence.flushed();
    await persistence.destroy();
    expect(await countRows(docDbName('inst-compact'))).toBeLessThan(10);

    const again = new Y.Doc();
    const reader = indexeddbPersistence('inst-compact');
    await reader.load(again);
    expect(again.getArray('writes').toArray()).toEqual(Array.from({ length: 35 }, (_, i) => i));
    await reader.destroy();
  });

  it('P3 maps browser storage errors to plain StorageError reasons', () => {
    expect(StorageError.from(new DOMException('x', 'QuotaExceededError')).reason).toBe('quota');
    expect(StorageError.from(new DOMException('x', 'InvalidStateError')).reason).toBe('unavailable');
    expect(StorageError.from(new DOMException('x', 'AbortError')).reason).toBe('aborted');
    expect(StorageError.from(new Error('?')).reason).toBe('unknown');
    expect(StorageError.from(new Error('?')).message).not.toMatch(/Error/);
  });
});
