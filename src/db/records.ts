import type { Table } from 'dexie';
import { RECORD_KINDS, RECORDS, rulesOf } from '../records';
import type { RecordKind, RecordValues } from '../records';
import type { FieldbookDB } from './database';

export { parseRecord } from '../records';
export type { RecordKind, RecordValues, RecordWrite } from '../records';

/** Each kind's table, checked here against the database's own tables (the registry knows no Dexie). */
export const TABLE_OF = Object.fromEntries(RECORD_KINDS.map((kind) => [kind, RECORDS[kind].table])) as {
  [K in RecordKind]: (typeof RECORDS)[K]['table'];
} satisfies Record<RecordKind, keyof FieldbookDB>;

/** Every table a record write can touch, for transaction scopes. */
export const RECORD_TABLES = Object.values(TABLE_OF);

/** The table of a kind's rows. */
export const recordTable = <K extends RecordKind>(db: FieldbookDB, kind: K): Table<RecordValues[K], string> =>
  db.table<RecordValues[K], string>(rulesOf(kind).table);
