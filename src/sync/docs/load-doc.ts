import * as Y from 'yjs';
import { indexeddbPersistence } from '../../completion/indexeddb-persistence';

/** One open doc the manager can sync: its persistence is loaded; `close` releases it. */
export interface LoadedDoc {
  readonly doc: Y.Doc;
  readonly close: () => Promise<void>;
}

/** A background copy of an instance doc from y-indexeddb, fully loaded before it may sync. */
export async function loadStoredDoc(instanceId: string): Promise<LoadedDoc> {
  const doc = new Y.Doc({ gc: true });
  const persistence = indexeddbPersistence(instanceId);
  try {
    await persistence.load(doc);
  } catch (error) {
    doc.destroy();
    throw error;
  }
  return {
    doc,
    close: async () => {
      await persistence.destroy();
      doc.destroy();
    },
  };
}
