import * as Y from 'yjs';
import { IndexeddbPersistence, PREFERRED_TRIM_SIZE } from 'y-indexeddb';
import { StorageError, UpdateWriter } from './persistence';
import type { DocPersistence } from './persistence';
import { docDbName } from '../protocol';


/** y-indexeddb's object store of Yjs updates (auto-increment keys, one update per row). */
const UPDATES = 'updates';

export interface IndexeddbPersistenceOptions {
  /**
   * IDB durability of each write. 'strict' waits for the OS to flush to disk, so a tap shown as
   * saved survives a power loss; 'relaxed' survives a tab or browser crash only.
   */
  readonly durability?: IDBTransactionDurability;
  /** Rows after which the updates are merged into one (y-indexeddb's default). */
  readonly compactAfter?: number;
}

function txDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted.', 'AbortError'));
  });
}

/**
 * y-indexeddb, with its write path replaced: stock `IndexeddbPersistence` adds each update in a
 * transaction nobody can await and drops its errors. Here each update is written in a
 * transaction whose completion `flushed()` awaits (P2), and failures surface as `StorageError`
 * (P3). Loading, the database layout and its name scheme stay y-indexeddb's, so data written by
 * either reads back in the other.
 */
export function indexeddbPersistence(instanceId: string, options: IndexeddbPersistenceOptions = {}): DocPersistence {
  const durability = options.durability ?? 'strict';
  const compactAfter = options.compactAfter ?? PREFERRED_TRIM_SIZE;
  let idb: IndexeddbPersistence | null = null;
  let writer: UpdateWriter | null = null;
  let rows = 0;
  let onUpdate: ((update: Uint8Array, origin: unknown) => void) | null = null;

  const append = async (p: IndexeddbPersistence, update: Uint8Array): Promise<void> => {
    const db = await p._db;
    const tx = db.transaction([UPDATES], 'readwrite', { durability });
    tx.objectStore(UPDATES).add(update);
    await txDone(tx);
    if (++rows >= compactAfter) await compact(p, db);
  };

  /** Merge all rows into one in a single transaction; rows other tabs wrote are applied first so none is lost. */
  const compact = async (p: IndexeddbPersistence, db: IDBDatabase): Promise<void> => {
    const tx = db.transaction([UPDATES], 'readwrite', { durability });
    const store = tx.objectStore(UPDATES);
    const all = store.getAll();
    all.onsuccess = () => {
      const stored = all.result as Uint8Array[];
      Y.transact(p.doc, () => stored.forEach((u) => Y.applyUpdate(p.doc, u)), p, false);
      const added = store.add(Y.encodeStateAsUpdate(p.doc));
      added.onsuccess = () => store.delete(IDBKeyRange.upperBound(added.result, true));
    };
    await txDone(tx);
    rows = 1;
  };

  return {
    async load(doc) {
      if (idb !== null) throw new Error('indexeddbPersistence: already loaded');
      const p = new IndexeddbPersistence(docDbName(instanceId), doc);
      idb = p;
      // Take over the write path before any update can reach the stock handler.
      doc.off('update', p._storeUpdate);
      writer = new UpdateWriter(
        (u) => append(p, u),
        () => Y.encodeStateAsUpdate(doc),
      );
      const w = writer;
      onUpdate = (update, origin) => {
        if (origin !== p) w.push(update);
      };
      doc.on('update', onUpdate);
      try {
        await Promise.race([p.whenSynced, p._db.then(() => new Promise<never>(() => undefined))]);
      } catch (error) {
        throw StorageError.from(error);
      }
      rows = p._dbsize;
    },
    flushed() {
      return writer?.flushed() ?? Promise.resolve();
    },
    async destroy() {
      if (idb === null) return;
      if (onUpdate !== null) idb.doc.off('update', onUpdate);
      await writer?.settled();
      await idb.destroy().catch(() => undefined);
    },
  };
}
