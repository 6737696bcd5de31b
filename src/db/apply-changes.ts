import { z } from 'zod';
import { mergeInstance } from '../domain';
import type { Change } from '../domain';
import { CHANGES_CURSOR_KEY } from '../protocol';
import type { FieldbookDB } from './database';
import { kvGet } from './kv';
import { RECORD_TABLES, parseRecord, withRevokedAt } from './records';
import type { RecordWrite } from './records';

export { CHANGES_CURSOR_KEY };

export interface ApplyResult {
  applied: number;
  /** Values that failed their kind's schema (or whose id disagreed with the change): skipped. */
  rejected: number;
}

/**
 * Merge one page of the relay's change feed and store its cursor, all in one transaction,
 * so a crash can never record a cursor past changes that were not stored.
 * - document: replaced, unless the local row is strictly newer by `updatedAt` (an offline
 *   edit not yet flushed is not overwritten by an older relay copy);
 * - version, activity: immutable, insert-if-absent;
 * - instance: lattice merge (`mergeInstance`), so status never moves down; when the local row
 *   still has a pending outbox entry its own fields lead the merge;
 * - shareLink: the relay's `useCount` and `revokedAt` win (it counts redemptions); a local
 *   revocation still waiting in the outbox is kept until the relay reports it.
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
    await storeRemote(db, record);
    result.applied += 1;
  }
  return result;
}

async function hasPendingWrite(db: FieldbookDB, kind: RecordWrite['kind'], id: string): Promise<boolean> {
  const entry = await db.outbox
    .where('[kind+recordId]')
    .equals([kind, id])
    .filter((e) => e.state === 'pending')
    .first();
  return entry !== undefined;
}

async function storeRemote(db: FieldbookDB, record: RecordWrite): Promise<void> {
  switch (record.kind) {
    case 'document': {
      const local = await db.documents.get(record.value.id);
      if (local === undefined || local.updatedAt <= record.value.updatedAt) await db.documents.put(record.value);
      return;
    }
    case 'version':
      if ((await db.versions.get(record.value.id)) === undefined) await db.versions.add(record.value);
      return;
    case 'activity':
      if ((await db.activity.get(record.value.id)) === undefined) await db.activity.add(record.value);
      return;
    case 'instance': {
      const local = await db.instances.get(record.value.id);
      if (local === undefined) {
        await db.instances.put(record.value);
        return;
      }
      const localLeads = await hasPendingWrite(db, 'instance', local.id);
      await db.instances.put(localLeads ? mergeInstance(local, record.value) : mergeInstance(record.value, local));
      return;
    }
    case 'shareLink': {
      const local = await db.shareLinks.get(record.value.id);
      const keepLocalRevocation =
        local?.revokedAt !== undefined && record.value.revokedAt === undefined && (await hasPendingWrite(db, 'shareLink', local.id));
      await db.shareLinks.put(keepLocalRevocation ? withRevokedAt(record.value, local.revokedAt) : record.value);
      return;
    }
  }
}

export async function getChangesCursor(db: FieldbookDB): Promise<string | undefined> {
  return kvGet(db, CHANGES_CURSOR_KEY, z.string());
}
