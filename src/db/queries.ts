import { Dexie } from 'dexie';
import type { IndexableType, Table } from 'dexie';
import { INSTANCE_STATUSES } from '../domain';
import type {
  ActivityEvent,
  ActivityType,
  ContentDocument,
  ContentType,
  DocumentId,
  DocumentVersion,
  InstanceStatus,
  SessionId,
  UserId,
  VersionId,
} from '../domain';
import type { FieldbookDB, InstanceRow } from './database';

/**
 * Keyset position: the last row of a page, by its sort time and id. Lists are newest first
 * with ties broken by id (descending, the order IndexedDB gives equal index keys when read
 * backwards), so `(at, id)` names one place in the order and paging never skips or repeats.
 */
export interface Cursor {
  readonly at: number;
  readonly id: string;
}

export interface Page<T> {
  rows: T[];
  /** Absent on the last page. */
  next?: Cursor;
}

// ---------------------------------------------------------------- library

export interface LibraryQuery {
  contentType?: ContentType;
  search?: string;
  includeArchived?: boolean;
}

const titleCollator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * The document library, sorted by title. A type filter is served by `[contentType+title]`,
 * the whole library by `title`. The library is small (documents an organisation authors,
 * hundreds at most, and the screen shows all of them), so search and the archived filter run
 * over the fetched list in memory: a case-insensitive substring search cannot be served by an
 * IndexedDB index, and `archivedAt` is optional, so it has no key to index. For the same
 * reason the final order uses a collator (index order is by UTF-16 code unit, which would put
 * "Zone" before "audit"); ties fall back to id so the order is total.
 */
export async function listLibrary(db: FieldbookDB, query: LibraryQuery = {}): Promise<ContentDocument[]> {
  const { contentType, search, includeArchived = false } = query;
  const docs =
    contentType === undefined
      ? await db.documents.orderBy('title').toArray()
      : await db.documents.where('[contentType+title]').between([contentType, Dexie.minKey], [contentType, Dexie.maxKey]).toArray();
  const needle = search?.trim().toLocaleLowerCase() ?? '';
  return docs
    .filter((d) => (includeArchived || d.archivedAt === undefined) && (needle === '' || d.title.toLocaleLowerCase().includes(needle)))
    .sort((a, b) => titleCollator.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export async function getDocument(db: FieldbookDB, id: DocumentId): Promise<ContentDocument | undefined> {
  return db.documents.get(id);
}

export async function getVersion(db: FieldbookDB, id: VersionId): Promise<DocumentVersion | undefined> {
  return db.versions.get(id);
}

/** The version the document currently points at; undefined until both have arrived. */
export async function getCurrentVersion(db: FieldbookDB, documentId: DocumentId): Promise<DocumentVersion | undefined> {
  return db.transaction('r', db.documents, db.versions, async () => {
    const doc = await db.documents.get(documentId);
    return doc === undefined ? undefined : db.versions.get(doc.currentVersionId);
  });
}

/** Every published version of a document, newest first, via `[documentId+version]`. */
export async function listVersions(db: FieldbookDB, documentId: DocumentId): Promise<DocumentVersion[]> {
  return db.versions.where('[documentId+version]').between([documentId, Dexie.minKey], [documentId, Dexie.maxKey]).reverse().toArray();
}

// ---------------------------------------------------------------- keyset scans

/** Rows read per round trip when a scan also filters (see `scanNewestFirst`). */
const SCAN_CHUNK = 200;
/** Most index entries one page may read while filtering on a second criterion. */
export const SCAN_CAP = 2_000;

interface Scan<T> {
  /** Matching rows in order, at most `limit + 1` (the extra one says "there is more"). */
  matched: T[];
  /** Last row read, matching or not; set when the scan stopped at the cap before the range ended. */
  cappedAt?: T;
}

/**
 * Read up to `limit` rows of `index` (a compound `[...prefix, time]`) backwards from `after`,
 * newest first, ties by id descending (IndexedDB orders equal index keys by primary key).
 * Past a cursor this is two bounded reads that both stay on IndexedDB's fast `getAll` path:
 * the cursor's own tie group (rows at the same time with a smaller id; almost always tiny)
 * and the strictly older range. A `.filter()` here would force a slow cursor walk.
 */
async function readNewestFirst<T extends { id: string }, K extends IndexableType>(
  table: Table<T, K>,
  index: string,
  prefix: readonly IndexableType[],
  after: Cursor | undefined,
  limit: number,
): Promise<T[]> {
  if (after === undefined) {
    return table.where(index).between([...prefix, Dexie.minKey], [...prefix, Dexie.maxKey]).reverse().limit(limit).toArray();
  }
  const [ties, older] = await Promise.all([
    table.where(index).equals([...prefix, after.at] as IndexableType).reverse().toArray(),
    table.where(index).between([...prefix, Dexie.minKey], [...prefix, after.at], true, false).reverse().limit(limit).toArray(),
  ]);
  return [...ties.filter((row) => row.id < after.id), ...older].slice(0, limit);
}

/**
 * Collect up to `limit + 1` rows of one index range that also pass `accept`. Without
 * `accept` it is a single bounded read. With it, rows are read in index order in chunks and
 * at most `SCAN_CAP` are examined, so a rare combination cannot turn one page into a
 * whole-table scan; the caller then returns a short page whose cursor resumes the scan.
 */
async function scanNewestFirst<T extends { id: string }, K extends IndexableType>(
  table: Table<T, K>,
  index: string,
  prefix: readonly IndexableType[],
  timeOf: (row: T) => number,
  limit: number,
  after: Cursor | undefined,
  accept?: (row: T) => boolean,
): Promise<Scan<T>> {
  if (accept === undefined) {
    return { matched: await readNewestFirst(table, index, prefix, after, limit + 1) };
  }
  const matched: T[] = [];
  let position = after;
  let examined = 0;
  for (;;) {
    const chunk = await readNewestFirst(table, index, prefix, position, SCAN_CHUNK);
    for (const row of chunk) {
      examined += 1;
      if (accept(row)) matched.push(row);
      if (matched.length > limit) return { matched };
      if (examined >= SCAN_CAP) return { matched, cappedAt: row };
    }
    const last = chunk.at(-1);
    if (chunk.length < SCAN_CHUNK || last === undefined) return { matched };
    position = { at: timeOf(last), id: last.id };
  }
}

function toPage<T extends { id: string }>(scan: Scan<T>, limit: number, timeOf: (row: T) => number): Page<T> {
  const cursorOf = (row: T): Cursor => ({ at: timeOf(row), id: row.id });
  if (scan.matched.length > limit) {
    const rows = scan.matched.slice(0, limit);
    const last = rows.at(-1);
    return last === undefined ? { rows } : { rows, next: cursorOf(last) };
  }
  return scan.cappedAt === undefined ? { rows: scan.matched } : { rows: scan.matched, next: cursorOf(scan.cappedAt) };
}

/** Newest first, ties by id descending. */
function compareNewestFirst<T extends { id: string }>(timeOf: (row: T) => number) {
  return (a: T, b: T): number => timeOf(b) - timeOf(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
}

// ---------------------------------------------------------------- instances

export interface InstanceQuery {
  userId: UserId;
  statuses: readonly InstanceStatus[];
  limit: number;
  after?: Cursor;
}

const lastActivityOf = (row: InstanceRow): number => row.lastActivityAt;

/**
 * A member's instances in the given statuses, most recently active first. Each status is
 * one range of `[userId+status+lastActivityAt]`, read backwards from the cursor for at most
 * `limit + 1` rows; the ranges are merged. Asking for every status reads the single range
 * of `[userId+lastActivityAt]` instead.
 */
export async function listInstances(db: FieldbookDB, query: InstanceQuery): Promise<Page<InstanceRow>> {
  const { userId, limit, after } = query;
  checkLimit(limit);
  const statuses = [...new Set(query.statuses)];
  if (statuses.length === 0) return { rows: [] };
  const table = db.instances;
  if (statuses.length === INSTANCE_STATUSES.length) {
    return toPage(await scanNewestFirst(table, '[userId+lastActivityAt]', [userId], lastActivityOf, limit, after), limit, lastActivityOf);
  }
  const perStatus = await db.transaction('r', db.instances, () =>
    Promise.all(statuses.map((status) => readNewestFirst(table, '[userId+status+lastActivityAt]', [userId, status], after, limit + 1))),
  );
  const merged = perStatus.flat().sort(compareNewestFirst(lastActivityOf)).slice(0, limit + 1);
  return toPage({ matched: merged }, limit, lastActivityOf);
}

export interface PageQuery {
  limit: number;
  after?: Cursor;
}

/** An anonymous recipient's instances (one browser session), most recently active first. */
export async function listInstancesForSession(db: FieldbookDB, sessionId: SessionId, query: PageQuery): Promise<Page<InstanceRow>> {
  checkLimit(query.limit);
  const table = db.instances;
  return toPage(await scanNewestFirst(table, '[sessionId+lastActivityAt]', [sessionId], lastActivityOf, query.limit, query.after), query.limit, lastActivityOf);
}

// ---------------------------------------------------------------- activity

export interface ActivityQuery {
  userId?: UserId;
  documentId?: DocumentId;
  type?: ActivityType;
  limit: number;
  after?: Cursor;
}

const createdAtOf = (row: ActivityEvent): number => row.createdAt;

/**
 * The activity feed, newest first. One filter is served by its own index
 * (`[documentId+createdAt]`, `[userId+createdAt]` or `[type+createdAt]`); with none, the
 * `createdAt` index. Combined filters: the index is chosen by expected selectivity, document
 * over user over type (one document's events are fewer than one member's, which are fewer
 * than one type's across the workspace), and the other filters are checked while reading that
 * index in order, examining at most `SCAN_CAP` entries per page. A page cut short by the cap
 * has fewer than `limit` rows and a `next` cursor that resumes the scan where it stopped.
 */
export async function listActivity(db: FieldbookDB, query: ActivityQuery): Promise<Page<ActivityEvent>> {
  const { userId, documentId, type, limit, after } = query;
  checkLimit(limit);
  const table = db.activity;
  const [index, prefix, rest] =
    documentId !== undefined
      ? (['[documentId+createdAt]', [documentId], { userId, type }] as const)
      : userId !== undefined
        ? (['[userId+createdAt]', [userId], { userId: undefined, type }] as const)
        : type !== undefined
          ? (['[type+createdAt]', [type], { userId: undefined, type: undefined }] as const)
          : (['createdAt', [], { userId: undefined, type: undefined }] as const);
  const accept =
    rest.userId === undefined && rest.type === undefined
      ? undefined
      : (row: ActivityEvent) => (rest.userId === undefined || row.userId === rest.userId) && (rest.type === undefined || row.type === rest.type);
  if (index === 'createdAt') return toPage(await scanCreatedAt(table, limit, after), limit, createdAtOf);
  const scan = await db.transaction('r', db.activity, () => scanNewestFirst(table, index, prefix, createdAtOf, limit, after, accept));
  return toPage(scan, limit, createdAtOf);
}

/** The unfiltered feed on the plain `createdAt` index (not compound, so no prefix). */
async function scanCreatedAt(table: FieldbookDB['activity'], limit: number, after: Cursor | undefined): Promise<Scan<ActivityEvent>> {
  const range =
    after === undefined
      ? table.orderBy('createdAt').reverse()
      : table
          .where('createdAt')
          .belowOrEqual(after.at)
          .reverse()
          .filter((row) => row.createdAt < after.at || row.id < after.id);
  return { matched: await range.limit(limit + 1).toArray() };
}
