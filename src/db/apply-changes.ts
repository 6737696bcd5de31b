import { z } from 'zod';
import type { Change } from '../domain';
import { rulesOf } from '../records';
import { CHANGES_CURSOR_KEY } from '../protocol';
import type { FieldbookDB } from './database';
import { kvGet } from './kv';
import { RECORD_TABLES, parseRecord, recordTable } from './records';
import type { RecordKind, RecordValues } from './records';


export interface ApplyResult {
  applied: number;
  /** Values that failed their kind's schema (or whose id disagreed with the change): skipped. */
  rejected: number;
}

/**
 * Merge one page of the relay's change feed and store its cursor, all in one transaction,
 * so a crash can never record a cursor past changes that were not stored. Each kind merges by
 * its own `mergeRemote` (`src/records`): a document unless the local copy is newer, versions and
 * activity insert-if-absent, an instance by the status lattice (its pending local fields
 * leading), a share link with the relay's counters and revocation (a local revocation still
 * waiting in the outbox kept).
 */
export async function applyChanges(db: FieldbookDB, changes: readonly Change[], cursor: string): Promise<ApplyResult> {
  let result: ApplyResult = { applied: 0, rejected: 0 };
  await db.transaction('rw', [...RECORD_TABLES, 'outbox', 'kv'], async () => {
    result = await storeAll(db, changes);
    await db.kv.put({ key: CHANGES_CURSOR_KEY, value: cursor });
  });
  return result;
}

/**
 * Records fetched outside the feed (a reviewer opening a run by its id): merged by the same
 * rules, the cursor left alone, so the feed still brings them (again) in order.
 */
export async function storeFetchedRecords(db: FieldbookDB, records: readonly Pick<Change, 'kind' | 'id' | 'value'>[]): Promise<ApplyResult> {
  return db.transaction('rw', [...RECORD_TABLES, 'outbox'], () => storeAll(db, records));
}

async function storeAll(db: FieldbookDB, changes: readonly Pick<Change, 'kind' | 'id' | 'value'>[]): Promise<ApplyResult> {
  const result: ApplyResult = { applied: 0, rejected: 0 };
  for (const change of changes) {
    const record = parseRecord(change.kind, change.value);
    if (record === undefined || record.value.id !== change.id) {
      result.rejected += 1;
      continue;
    }
    await storeRemote(db, record.kind, record.value);
    result.applied += 1;
  }
  return result;
}

async function hasPendingWrite(db: FieldbookDB, kind: RecordKind, id: string): Promise<boolean> {
  const entry = await db.outbox
    .where('[kind+recordId]')
    .equals([kind, id])
    .filter((e) => e.state === 'pending')
    .first();
  return entry !== undefined;
}

/** The kind's remote merge against the local row (`src/records`); the outbox is read only if the rule asks. */
async function storeRemote<K extends RecordKind>(db: FieldbookDB, kind: K, value: RecordValues[K]): Promise<void> {
  const table = recordTable(db, kind);
  const row = await rulesOf(kind).mergeRemote(value, await table.get(value.id), () => hasPendingWrite(db, kind, value.id));
  if (row !== undefined) await table.put(row);
}

export async function getChangesCursor(db: FieldbookDB): Promise<string | undefined> {
  return kvGet(db, CHANGES_CURSOR_KEY, z.string());
}
