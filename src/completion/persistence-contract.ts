import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StorageError } from './persistence';
import type { DocPersistence } from './persistence';

/** What the contract suite needs from an adapter under test. */
export interface PersistenceHarness {
  /** A new adapter for the doc `name`; adapters of one harness share storage. */
  open(name: string): DocPersistence;
  /** Make every following write fail with `error` (null: writes work again). */
  failWrites(error: Error | null): void;
}

let counter = 0;
const freshName = (): string => `doc-${++counter}-${Math.random().toString(36).slice(2)}`;

async function reload(harness: PersistenceHarness, name: string): Promise<{ doc: Y.Doc; persistence: DocPersistence }> {
  const doc = new Y.Doc();
  const persistence = harness.open(name);
  await persistence.load(doc);
  return { doc, persistence };
}

const quota = (): DOMException => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

/** CONVENTIONS 3: one suite, run against every DocPersistence adapter (SPEC.md P1–P4). */
export function docPersistenceContract(adapter: string, makeHarness: () => PersistenceHarness): void {
  describe(`DocPersistence contract: ${adapter}`, () => {
    it('P1 P2 load restores what an earlier session flushed', async () => {
      const harness = makeHarness();
      const name = freshName();
      const first = await reload(harness, name);
      first.doc.getArray('writes').push(['a']);
      first.doc.getText('note:s1').insert(0, 'hello');
      await first.persistence.flushed();
      await first.persistence.destroy();

      const second = await reload(harness, name);
      expect(second.doc.getArray('writes').toArray()).toEqual(['a']);
      expect(second.doc.getText('note:s1').toJSON()).toBe('hello');
      await second.persistence.destroy();
    });

    it('P2 once flushed resolves, another reader already sees every update', async () => {
      const harness = makeHarness();
      const name = freshName();
      const writer = await reload(harness, name);
      for (let i = 0; i < 20; i++) writer.doc.getArray('writes').push([i]);
      await writer.persistence.flushed();
      const reader = await reload(harness, name);
      expect(reader.doc.getArray('writes').length).toBe(20);
      await reader.persistence.destroy();
      await writer.persistence.destroy();
    });

    it('P2 flushed with nothing pending resolves', async () => {
      const harness = makeHarness();
      const { persistence } = await reload(harness, freshName());
      await expect(persistence.flushed()).resolves.toBeUndefined();
      await persistence.destroy();
    });

    it('P1 edits made before load are stored', async () => {
      const harness = makeHarness();
      const name = freshName();
      const doc = new Y.Doc();
      doc.getArray('writes').push(['early']);
      const persistence = harness.open(name);
      await persistence.load(doc);
      await persistence.flushed();
      await persistence.destroy();
      const again = await reload(harness, name);
      expect(again.doc.getArray('writes').toArray()).toEqual(['early']);
      await again.persistence.destroy();
    });

    it('P3 a full disk rejects flushed with a StorageError, and the retry stores everything', async () => {
      const harness = makeHarness();
      const name = freshName();
      const { doc, persistence } = await reload(harness, name);
      doc.getArray('writes').push(['before']);
      await persistence.flushed();

      harness.failWrites(quota());
      doc.getArray('writes').push(['lost?']);
      const failure = await persistence.flushed().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(StorageError);
      expect((failure as StorageError).reason).toBe('quota');
      expect((failure as StorageError).message).toMatch(/out of storage space/);

      harness.failWrites(null);
      await persistence.flushed();
      await persistence.destroy();
      const again = await reload(harness, name);
      expect(again.doc.getArray('writes').toArray()).toEqual(['before', 'lost?']);
      await again.persistence.destroy();
    });

    it('P4 destroy waits for pending writes, then stops storing', async () => {
      const harness = makeHarness();
      const name = freshName();
      const { doc, persistence } = await reload(harness, name);
      doc.getArray('writes').push(['kept']);
      await persistence.destroy();
      doc.getArray('writes').push(['after destroy']);
      const again = await reload(harness, name);
      expect(again.doc.getArray('writes').toArray()).toEqual(['kept']);
      await again.persistence.destroy();
    });
  });
}
