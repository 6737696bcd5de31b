/**
 * A room's stored rows on their way into its doc (SPEC R17). Rows are written only after they
 * applied once, so a row that does not decode or apply means a damaged file (or a Yjs bug): it is
 * left out, moved to the store's quarantine and logged once. The room loads from the rest.
 */
import * as Y from 'yjs';
import { isDecodableUpdate } from './doc-state';
import type { RelayLogger, RoomStore } from './options';

export interface RefusedRow {
  readonly update: Uint8Array;
  /** Position in the loaded log. */
  readonly index: number;
  readonly reason: string;
}

/** Apply `rows` in one transaction; returns the rows that applied and those that did not. */
export function applyStoredRows(doc: Y.Doc, rows: readonly Uint8Array[]): { kept: Uint8Array[]; refused: RefusedRow[] } {
  const kept: Uint8Array[] = [];
  const refused: RefusedRow[] = [];
  doc.transact(() => {
    rows.forEach((update, index) => {
      // Decoded whole first: Y.applyUpdate integrates structs before it reads the delete set (R8).
      if (!isDecodableUpdate(update)) return void refused.push({ update, index, reason: 'does not decode' });
      try {
        Y.applyUpdate(doc, update);
        kept.push(update);
      } catch (error) {
        refused.push({ update, index, reason: `does not apply: ${String(error)}` });
      }
    });
  });
  return { kept, refused };
}

/**
 * Move refused rows to quarantine. Returns false when a row stayed in the room's log (the store
 * has no quarantine, or moving failed): then the room must never be compacted, which would delete it.
 */
export async function quarantineRows(store: RoomStore, room: string, refused: readonly RefusedRow[], log: RelayLogger): Promise<boolean> {
  let allMoved = true;
  for (const { update, index, reason } of refused) {
    const fields = { room, row: index, bytes: update.byteLength, reason };
    if (!store.quarantineUpdate) {
      allMoved = false;
      log.error(fields, 'stored update does not load; kept in place, room not compacted');
      continue;
    }
    try {
      await store.quarantineUpdate(room, update, reason);
      log.error(fields, 'stored update does not load; quarantined, room not compacted until an operator clears it');
    } catch (error) {
      allMoved = false;
      log.error({ ...fields, err: String(error) }, 'stored update does not load and could not be quarantined; room not compacted');
    }
  }
  return allMoved;
}
