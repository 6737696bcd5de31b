/**
 * The state of a room's doc as the relay hands it out (sync step 2) and stores it (compaction).
 * Yjs keeps structs whose dependencies are missing ("pending") in `doc.store` and
 * `Y.encodeStateAsUpdate` includes them; the relay never integrated them, so it never sends
 * or stores them (SPEC R11). They stay in memory and integrate once what they miss arrives.
 */
import * as Y from 'yjs';

export function encodeIntegratedState(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const store = doc.store;
  const { pendingStructs, pendingDs } = store;
  if (pendingStructs === null && pendingDs === null) return Y.encodeStateAsUpdate(doc, stateVector);
  store.pendingStructs = null;
  store.pendingDs = null;
  try {
    return Y.encodeStateAsUpdate(doc, stateVector);
  } finally {
    store.pendingStructs = pendingStructs;
    store.pendingDs = pendingDs;
  }
}

/** Decode the whole update (structs and delete set) without applying it; false if it is damaged. */
export function isDecodableUpdate(update: Uint8Array): boolean {
  try {
    Y.decodeUpdate(update);
    return true;
  } catch {
    return false;
  }
}
