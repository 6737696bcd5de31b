import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { INSTANCE_STATUSES } from '../domain';
import type { ActivityEvent, ActivityType, DocumentId, InstanceStatus, SessionId, UserId, VersionId } from '../domain';
import type { FieldbookDB, InstanceRow } from './database';
import {
  SCAN_CAP,
  getCurrentVersion,
  listActivity,
  listInstances,
  listInstancesForSession,
  listLibrary,
  listVersions,
} from './queries';
import type { Cursor, Page } from './queries';
import { T0, aDocument, aVersion, anEvent, anInstance, closeTestDbs, freshDb, recordReads, scannedWholeTable, uuid } from './test-support';

afterEach(closeTestDbs);

const newestFirst = <T extends { id: string }>(timeOf: (r: T) => number) => (a: T, b: T) =>
  timeOf(b) - timeOf(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Follow `next` until the last page, asserting every page respects the limit. */
async function allPages<T>(limit: number, fetch: (after: Cursor | undefined) => Promise<Page<T>>): Promise<T[]> {
  const rows: T[] = [];
  let after: Cursor | undefined;
  for (let guard = 0; guard < 10_000; guard += 1) {
    const page = await fetch(after);
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    rows.push(...page.rows);
    if (page.next === undefined) return rows;
    after = page.next;
  }
  throw new Error('pagination did not end');
}

describe('listLibrary', () => {
  async function seed(db: FieldbookDB) {
    const docs = [
      aDocument({ title: 'zone audit', contentType: 'checklist' }),
      aDocument({ title: 'Boiler start-up', contentType: 'procedure' }),
      aDocument({ title: 'Audit of exits', contentType: 'checklist' }),
      aDocument({ title: 'Incident report', contentType: 'form' }),
      aDocument({ title: 'Archived audit', contentType: 'checklist', archivedAt: T0 }),
    ];
    await db.documents.bulkPut(docs);
    return docs;
  }

  it('lists every unarchived document by title, case-insensitively', async () => {
    const db = freshDb();
    await seed(db);
    expect((await listLibrary(db)).map((d) => d.title)).toEqual(['Audit of exits', 'Boiler start-up', 'Incident report', 'zone audit']);
    expect((await listLibrary(db, { includeArchived: true })).map((d) => d.title)).toContain('Archived audit');
  });

  it('filters by content type through [contentType+title]', async () => {
    const db = freshDb();
    await seed(db);
    const reads = recordReads(db);
    expect((await listLibrary(db, { contentType: 'checklist' })).map((d) => d.title)).toEqual(['Audit of exits', 'zone audit']);
    expect(reads.filter((r) => r.table === 'documents').map((r) => [r.index, r.wholeRange])).toEqual([['[contentType+title]', false]]);
  });

  it('searches titles by case-insensitive substring', async () => {
    const db = freshDb();
    await seed(db);
    expect((await listLibrary(db, { search: 'AUDIT' })).map((d) => d.title)).toEqual(['Audit of exits', 'zone audit']);
    expect((await listLibrary(db, { search: 'audit', contentType: 'checklist', includeArchived: true })).map((d) => d.title)).toEqual([
      'Archived audit',
      'Audit of exits',
      'zone audit',
    ]);
  });
});

describe('versions', () => {
  it('returns the version the document points at, and the history newest first', async () => {
    const db = freshDb();
    const v1 = aVersion(uuid() as DocumentId, { version: 1 });
    const v2 = aVersion(v1.documentId, { version: 2 });
    const doc = aDocument({ id: v1.documentId, currentVersionId: v2.id });
    await db.versions.bulkPut([v1, v2, aVersion(uuid() as DocumentId, { version: 3 })]);
    expect(await getCurrentVersion(db, doc.id)).toBeUndefined();
    await db.documents.put(doc);
    expect(await getCurrentVersion(db, doc.id)).toEqual(v2);
    await db.documents.put({ ...doc, currentVersionId: uuid() as VersionId });
    expect(await getCurrentVersion(db, doc.id)).toBeUndefined();
    expect((await listVersions(db, doc.id)).map((v) => v.version)).toEqual([2, 1]);
  });
});

describe('listInstances', () => {
  const me = uuid() as UserId;
  const other = uuid() as UserId;

  /** Many ties: lastActivityAt takes only a few values. */
  async function seed(db: FieldbookDB, n: number) {
    const rows = Array.from({ length: n }, (_, i) =>
      anInstance({
        userId: i % 7 === 0 ? other : me,
        status: INSTANCE_STATUSES[i % 4] ?? 'not_started',
        lastActivityAt: T0 + (i % 5),
      }),
    );
    await db.instances.bulkPut(rows);
    return rows;
  }

  it.each<[string, InstanceStatus[]]>([
    ['open runs', ['not_started', 'in_progress']],
    ['finished runs', ['completed', 'submitted']],
    ['one status', ['in_progress']],
    ['every status', [...INSTANCE_STATUSES]],
  ])('pages %s newest first, ties by id, without skipping or repeating', async (_name, statuses) => {
    const db = freshDb();
    const rows = await seed(db, 120);
    const expected = rows
      .filter((r) => r.userId === me && statuses.includes(r.status))
      .sort(newestFirst((r: InstanceRow) => r.lastActivityAt))
      .map((r) => r.id);
    for (const limit of [1, 3, 7, 500]) {
      const got = await allPages(limit, (after) => listInstances(db, { userId: me, statuses, limit, ...(after ? { after } : {}) }));
      expect(got.map((r) => r.id)).toEqual(expected);
    }
  });

  it('reads only the member\'s ranges of [userId+status+lastActivityAt]', async () => {
    const db = freshDb();
    await seed(db, 40);
    const reads = recordReads(db);
    await listInstances(db, { userId: me, statuses: ['in_progress', 'completed'], limit: 5 });
    const page = await listInstances(db, { userId: me, statuses: ['in_progress'], limit: 2 });
    await listInstances(db, { userId: me, statuses: ['in_progress'], limit: 2, ...(page.next ? { after: page.next } : {}) });
    const used = reads.filter((r) => r.table === 'instances');
    expect(used.length).toBeGreaterThan(0);
    expect(used.every((r) => r.index === '[userId+status+lastActivityAt]' && !r.wholeRange)).toBe(true);
    expect(scannedWholeTable(reads, 'instances')).toBe(false);
  });

  it('uses [userId+lastActivityAt] when every status is asked for', async () => {
    const db = freshDb();
    await seed(db, 20);
    const reads = recordReads(db);
    await listInstances(db, { userId: me, statuses: [...INSTANCE_STATUSES], limit: 5 });
    expect(reads.filter((r) => r.table === 'instances').map((r) => [r.index, r.wholeRange])).toEqual([['[userId+lastActivityAt]', false]]);
  });

  it('returns an empty page for no statuses and rejects a bad limit', async () => {
    const db = freshDb();
    await seed(db, 10);
    expect(await listInstances(db, { userId: me, statuses: [], limit: 5 })).toEqual({ rows: [] });
    await expect(listInstances(db, { userId: me, statuses: ['in_progress'], limit: 0 })).rejects.toThrow(RangeError);
  });

  it('pages any mix of timestamps and statuses without skip or repeat (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 4 }), status: fc.constantFrom(...INSTANCE_STATUSES) }), { maxLength: 40 }),
        fc.subarray([...INSTANCE_STATUSES], { minLength: 1 }),
        fc.integer({ min: 1, max: 6 }),
        async (specs, statuses, limit) => {
          const db = freshDb();
          const rows = specs.map((s) => anInstance({ userId: me, status: s.status, lastActivityAt: T0 + s.at }));
          await db.instances.bulkPut(rows);
          const expected = rows.filter((r) => statuses.includes(r.status)).sort(newestFirst((r: InstanceRow) => r.lastActivityAt));
          const got = await allPages(limit, (after) => listInstances(db, { userId: me, statuses, limit, ...(after ? { after } : {}) }));
          expect(got.map((r) => r.id)).toEqual(expected.map((r) => r.id));
          await db.delete();
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('listInstancesForSession', () => {
  it('pages a session\'s instances newest first through [sessionId+lastActivityAt]', async () => {
    const db = freshDb();
    const session = uuid() as SessionId;
    const rows = Array.from({ length: 25 }, (_, i) => anInstance({ sessionId: session, lastActivityAt: T0 + (i % 3) }));
    await db.instances.bulkPut([...rows, anInstance({ sessionId: uuid() as SessionId }), anInstance({ userId: uuid() as UserId })]);
    const reads = recordReads(db);
    const got = await allPages(4, (after) => listInstancesForSession(db, session, { limit: 4, ...(after ? { after } : {}) }));
    expect(got.map((r) => r.id)).toEqual([...rows].sort(newestFirst((r: InstanceRow) => r.lastActivityAt)).map((r) => r.id));
    expect(reads.every((r) => r.table !== 'instances' || (r.index === '[sessionId+lastActivityAt]' && !r.wholeRange))).toBe(true);
  });
});

describe('listActivity', () => {
  const alice = uuid() as UserId;
  const bob = uuid() as UserId;
  const docA = uuid() as DocumentId;
  const docB = uuid() as DocumentId;
  const TYPES: ActivityType[] = ['procedure_started', 'procedure_completed', 'form_submitted'];

  async function seed(db: FieldbookDB, n: number): Promise<ActivityEvent[]> {
    const events = Array.from({ length: n }, (_, i) =>
      anEvent({
        userId: i % 3 === 0 ? bob : alice,
        documentId: i % 4 === 0 ? docB : docA,
        type: TYPES[i % TYPES.length] ?? 'procedure_started',
        createdAt: T0 + (i % 6),
      }),
    );
    await db.activity.bulkPut(events);
    return events;
  }

  const cases: [string, Parameters<typeof listActivity>[1] extends infer Q ? Omit<Q & object, 'limit' | 'after'> : never, string][] = [
    ['everything', {}, 'createdAt'],
    ['one member', { userId: alice }, '[userId+createdAt]'],
    ['one document', { documentId: docA }, '[documentId+createdAt]'],
    ['one type', { type: 'form_submitted' }, '[type+createdAt]'],
    ['member and type', { userId: alice, type: 'procedure_completed' }, '[userId+createdAt]'],
    ['document and member', { documentId: docB, userId: bob }, '[documentId+createdAt]'],
    ['document, member and type', { documentId: docA, userId: alice, type: 'procedure_started' }, '[documentId+createdAt]'],
  ];

  it.each(cases)('pages %s newest first through its index without skip or repeat', async (_name, filter, index) => {
    const db = freshDb();
    const events = await seed(db, 150);
    const expected = events
      .filter(
        (e) =>
          (filter.userId === undefined || e.userId === filter.userId) &&
          (filter.documentId === undefined || e.documentId === filter.documentId) &&
          (filter.type === undefined || e.type === filter.type),
      )
      .sort(newestFirst((e: ActivityEvent) => e.createdAt))
      .map((e) => e.id);
    const reads = recordReads(db);
    for (const limit of [1, 4, 50, 1000]) {
      const got = await allPages(limit, (after) => listActivity(db, { ...filter, limit, ...(after ? { after } : {}) }));
      expect(got.map((e) => e.id)).toEqual(expected);
    }
    const used = reads.filter((r) => r.table === 'activity');
    expect(new Set(used.map((r) => r.index))).toEqual(new Set([index]));
    expect(scannedWholeTable(reads, 'activity')).toBe(false);
    // A filtered feed reads only its own key range; only the unfiltered feed walks (a limited part of) the whole createdAt index.
    if (index !== 'createdAt') expect(used.some((r) => r.wholeRange)).toBe(false);
  });

  it('stops a combined-filter scan at the cap with a short page that resumes where it stopped', async () => {
    const db = freshDb();
    const noise = Array.from({ length: SCAN_CAP + 50 }, (_, i) => anEvent({ userId: alice, type: 'procedure_started', createdAt: T0 + 10_000 - i }));
    const rare = anEvent({ userId: alice, type: 'form_submitted', createdAt: T0 });
    await db.activity.bulkPut([...noise, rare]);
    const first = await listActivity(db, { userId: alice, type: 'form_submitted', limit: 10 });
    expect(first.rows).toEqual([]);
    expect(first.next).toEqual({ at: noise[SCAN_CAP - 1]?.createdAt, id: noise[SCAN_CAP - 1]?.id });
    const second = await listActivity(db, { userId: alice, type: 'form_submitted', limit: 10, ...(first.next ? { after: first.next } : {}) });
    expect(second.rows.map((e) => e.id)).toEqual([rare.id]);
    expect(second.next).toBeUndefined();
  });
});

describe('the index check', () => {
  it('catches a query that reads a whole table', async () => {
    const db = freshDb();
    await db.activity.bulkPut([anEvent(), anEvent()]);
    const reads = recordReads(db);
    await db.activity.filter((e) => e.userId !== undefined).toArray();
    expect(scannedWholeTable(reads, 'activity')).toBe(true);
  });
});
