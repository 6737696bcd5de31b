import { InvalidRecordError, writeRecords } from '../db';
import type { FieldbookDB } from '../db';
import { StorageError } from '../completion';
import type { RecordWriter } from '../completion';

/**
 * The completion service's record port over this device's Dexie database. A failed write
 * (quota, private mode, aborted transaction) surfaces as a StorageError whose message can be
 * shown as is; the transaction rolled back, so nothing half-written is left behind.
 */
export function recordWriter(db: FieldbookDB): RecordWriter {
  return {
    async writeRecords(writes) {
      try {
        await writeRecords(db, writes);
      } catch (error) {
        if (error instanceof InvalidRecordError) throw error;
        throw StorageError.from(error);
      }
    },
  };
}
