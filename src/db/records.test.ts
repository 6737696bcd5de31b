import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANGE_KINDS } from '../domain';
import { RECORD_TABLES, TABLE_OF, recordTable } from './records';
import { closeTestDbs, freshDb } from './test-support';

afterEach(closeTestDbs);

describe('record tables', () => {
  it('stores every record kind in a table of its own, and every table but the outbox, kv and the file store holds a kind', () => {
    const db = freshDb();
    const tables = db.tables.map((t) => t.name);
    for (const kind of CHANGE_KINDS) {
      expect(tables, kind).toContain(TABLE_OF[kind]);
      expect(recordTable(db, kind).name).toBe(TABLE_OF[kind]);
    }
    // The file store (files, fileChunks, fileRefs, tusUploads) holds bytes and upload state, not records.
    const notRecords = new Set(['outbox', 'kv', 'files', 'fileChunks', 'fileRefs', 'tusUploads']);
    expect([...RECORD_TABLES].sort()).toEqual(tables.filter((name) => !notRecords.has(name)).sort());
  });
});
