import type { ActivityEvent, ActivityType, DocumentId, Instance, InstanceStatus, UserId } from '../../src/domain';
import { ACTIVITY_TYPES, INSTANCE_STATUSES } from '../../src/domain';
import { listActivity, listInstances, openFieldbookDB } from '../../src/db';
import { time, type Timing } from './stats';

const uuid = (): string => crypto.randomUUID();
const PAGE = 50;
const RUNS = 30;
const BASELINE_RUNS = 3;

export interface QueryResult {
  readonly name: string;
  readonly rows: number;
  readonly indexed: Timing;
  readonly fullScan: Timing;
}

/** Activity feed over 100k events and "My work" over 50k instances, each beside a full-table filter. */
export async function benchQueries(): Promise<QueryResult[]> {
  const db = openFieldbookDB(`bench-${uuid()}`);
  const me = uuid() as UserId;
  const others = Array.from({ length: 9 }, () => uuid() as UserId);
  const docs = Array.from({ length: 20 }, () => uuid() as DocumentId);
  const t0 = Date.now() - 365 * 86_400_000;

  const EVENTS = 100_000;
  for (let start = 0; start < EVENTS; start += 10_000) {
    const batch: ActivityEvent[] = [];
    for (let i = start; i < start + 10_000; i += 1) {
      batch.push({
        id: uuid(),
        type: ACTIVITY_TYPES[i % ACTIVITY_TYPES.length] as ActivityType,
        userId: i % 2 === 0 ? me : (others[i % others.length]),
        documentId: docs[i % docs.length] as DocumentId,
        instanceId: uuid(),
        title: `Event ${i}`,
        createdAt: t0 + i * 300_000,
      } as ActivityEvent);
    }
    await db.activity.bulkPut(batch);
  }

  const INSTANCES = 50_000;
  for (let start = 0; start < INSTANCES; start += 10_000) {
    const batch: Instance[] = [];
    for (let i = start; i < start + 10_000; i += 1) {
      const at = t0 + i * 600_000;
      batch.push({
        id: uuid(),
        sourceDocumentId: docs[i % docs.length] as DocumentId,
        documentVersionId: uuid(),
        contentType: 'procedure',
        title: `Run ${i}`,
        // 7 is prime to the number of statuses, so this user has runs in every status.
        userId: i % 7 === 0 ? me : (others[i % others.length]),
        status: INSTANCE_STATUSES[i % INSTANCE_STATUSES.length] as InstanceStatus,
        createdAt: at,
        lastActivityAt: at,
      } as Instance);
    }
    await db.instances.bulkPut(batch);
  }

  const firstPage = await listActivity(db, { userId: me, limit: PAGE });
  const results: QueryResult[] = [];
  results.push({
    name: 'activity feed, first page of 50 (100k events)',
    rows: firstPage.rows.length,
    indexed: await time(RUNS, () => listActivity(db, { userId: me, limit: PAGE })),
    fullScan: await time(BASELINE_RUNS, async () =>
      (await db.activity.toArray())
        .filter((e) => e.userId === me)
        .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
        .slice(0, PAGE),
    ),
  });
  const after = firstPage.next;
  results.push({
    name: 'activity feed, next keyset page (100k events)',
    rows: after ? (await listActivity(db, { userId: me, limit: PAGE, after })).rows.length : 0,
    indexed: await time(RUNS, () => listActivity(db, { userId: me, limit: PAGE, ...(after ? { after } : {}) })),
    fullScan: await time(BASELINE_RUNS, async () =>
      (await db.activity.toArray())
        .filter((e) => e.userId === me && (after === undefined || e.createdAt < after.at))
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, PAGE),
    ),
  });
  const statuses: InstanceStatus[] = ['in_progress'];
  results.push({
    name: 'my in-progress instances by [userId+status] (50k instances)',
    rows: (await listInstances(db, { userId: me, statuses, limit: PAGE })).rows.length,
    indexed: await time(RUNS, () => listInstances(db, { userId: me, statuses, limit: PAGE })),
    fullScan: await time(BASELINE_RUNS, async () =>
      (await db.instances.toArray())
        .filter((i) => i.userId === me && i.status === 'in_progress')
        .sort((a, b) => b.lastActivityAt - a.lastActivityAt)
        .slice(0, PAGE),
    ),
  });
  await db.delete();
  return results;
}
