/**
 * Fixtures for the db tests. Test files import 'fake-indexeddb/auto' before this module.
 * Not imported by application code.
 */
import type { DBCore, DBCoreTable, Middleware } from 'dexie';
import type {
  ActivityEvent,
  ActivityId,
  ContentDocument,
  DocumentId,
  DocumentVersion,
  Instance,
  InstanceId,
  SessionId,
  ShareLink,
  ShareLinkId,
  UserId,
  VersionId,
} from '../domain';
import { openFieldbookDB } from './database';
import type { FieldbookDB } from './database';

export const uuid = (): string => crypto.randomUUID();

const opened: FieldbookDB[] = [];

const readLogs = new WeakMap<FieldbookDB, ReadRecord[]>();

/**
 * A database of its own for each test, deleted by `closeTestDbs`. A read recorder is
 * installed before it opens (Dexie builds its middleware stack at open), see `recordReads`.
 */
export function freshDb(): FieldbookDB {
  const db = openFieldbookDB(`fieldbook-test-${uuid()}`);
  readLogs.set(db, installReadRecorder(db));
  opened.push(db);
  return db;
}

/** Start recording reads from now on; returns the live log. */
export function recordReads(db: FieldbookDB): ReadRecord[] {
  const log = readLogs.get(db);
  if (log === undefined) throw new Error('recordReads needs a db from freshDb()');
  log.length = 0;
  return log;
}

export async function closeTestDbs(): Promise<void> {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
}

export const T0 = 1_700_000_000_000;

export function aDocument(over: Partial<ContentDocument> = {}): ContentDocument {
  return {
    id: uuid() as DocumentId,
    title: 'Pump inspection',
    contentType: 'procedure',
    currentVersionId: uuid() as VersionId,
    createdBy: uuid() as UserId,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

export function aVersion(documentId: DocumentId, over: Partial<DocumentVersion> = {}): DocumentVersion {
  return {
    id: uuid() as VersionId,
    documentId,
    version: 1,
    publishedAt: T0,
    publishedBy: uuid() as UserId,
    contentType: 'procedure',
    definition: { steps: [{ id: 's1', title: 'Isolate the pump', required: true }] },
    ...over,
  } as DocumentVersion;
}

export function anInstance(over: Partial<Instance> & ({ userId: UserId } | { sessionId: SessionId })): Instance {
  return {
    id: uuid() as InstanceId,
    sourceDocumentId: uuid() as DocumentId,
    documentVersionId: uuid() as VersionId,
    contentType: 'procedure',
    title: 'Pump inspection',
    status: 'not_started',
    createdAt: T0,
    lastActivityAt: T0,
    ...over,
  };
}

export function anEvent(over: Partial<ActivityEvent> = {}): ActivityEvent {
  return {
    id: uuid() as ActivityId,
    type: 'procedure_started',
    userId: uuid() as UserId,
    documentId: uuid() as DocumentId,
    instanceId: uuid() as InstanceId,
    title: 'Pump inspection',
    createdAt: T0,
    ...over,
  };
}

export function aShareLink(over: Partial<ShareLink> = {}): ShareLink {
  return {
    id: uuid() as ShareLinkId,
    documentId: uuid() as DocumentId,
    audience: 'external',
    tokenHash: 'a'.repeat(64),
    createdBy: uuid() as UserId,
    createdAt: T0,
    useCount: 0,
    ...over,
  };
}

/** One read that reached IndexedDB: which table, through which index, over which range. */
export interface ReadRecord {
  table: string;
  /** Index name, or ':id' for the primary key. */
  index: string;
  /** The read covered the index's whole key range. */
  wholeRange: boolean;
  op: 'query' | 'openCursor' | 'count';
}

/**
 * A DBCore middleware that records every range read, so a test can prove a query went
 * through an index rather than reading the table. Must be installed before the first query.
 */
function installReadRecorder(db: FieldbookDB): ReadRecord[] {
  const reads: ReadRecord[] = [];
  const ANY = 3; // DBCoreRangeType.Any (a const enum, not importable under isolatedModules)
  const middleware: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'read-recorder',
    create: (down) => ({
      ...down,
      table: (name: string): DBCoreTable => {
        const table = down.table(name);
        const log = (op: ReadRecord['op'], query: { index: { name: string | null; isPrimaryKey?: boolean }; range: { type: number } }) =>
          reads.push({ table: name, index: query.index.isPrimaryKey === true || query.index.name === null ? ':id' : query.index.name, wholeRange: query.range.type === ANY, op });
        return {
          ...table,
          query: (req) => {
            log('query', req.query);
            return table.query(req);
          },
          openCursor: (req) => {
            log('openCursor', req.query);
            return table.openCursor(req);
          },
          count: (req) => {
            log('count', req.query);
            return table.count(req);
          },
        };
      },
    }),
  };
  db.use(middleware);
  return reads;
}

/** True when some read of `table` walked its primary key from end to end, i.e. read the whole table. */
export const scannedWholeTable = (reads: readonly ReadRecord[], table: string): boolean =>
  reads.some((r) => r.table === table && r.index === ':id' && r.wholeRange);
