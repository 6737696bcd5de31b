import { Dexie } from 'dexie';
import type { FieldbookDB, FileRefRow, FileRole, FileRow } from '../db';
import { concatChunks, sha256Hex } from './sha256';

/** Bytes per stored chunk: small enough for one IndexedDB value on every engine, large enough to keep rows few. */
export const FILE_CHUNK_BYTES = 1024 * 1024;

/** Originals that are on the relay and untouched for this long may be dropped from the device. */
export const FILE_STORE_DEFAULTS = { keepOriginalsDays: 30 } as const;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PutFileMeta {
  readonly mime: string;
  readonly role: FileRole;
  readonly w?: number;
  readonly h?: number;
  readonly thumb?: string;
  readonly capturedAt: number;
  readonly now: number;
  /** Fetched from the relay (a second tablet's thumbnail): stored as uploaded, never sent back. */
  readonly fromRelay?: boolean;
}

/** The stored chunks do not add up to the file the row describes. */
export class FileCorruptError extends Error {
  override readonly name = 'FileCorruptError';
}

const chunkRange = (sha256: string, from = 0, to: number = Number.MAX_SAFE_INTEGER) =>
  [[sha256, from], [sha256, to]] as const;

/**
 * Stores `bytes` once under their SHA-256: chunks and row in one transaction, so a reader never
 * sees a row without all its bytes. Putting the same bytes again changes nothing (the first
 * row, upload state included, stands) unless clean-up had dropped them, then they come back.
 */
export async function putFile(db: FieldbookDB, bytes: ArrayBuffer | Uint8Array, meta: PutFileMeta): Promise<FileRow> {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const sha256 = await sha256Hex(view);
  return db.transaction('rw', db.files, db.fileChunks, async () => {
    const existing = await db.files.get(sha256);
    if (existing !== undefined && existing.evictedAt === undefined) return existing;
    const chunks = [];
    for (let index = 0, at = 0; at < view.byteLength || index === 0; index += 1, at += FILE_CHUNK_BYTES) {
      chunks.push({ sha256, index, bytes: view.slice(at, at + FILE_CHUNK_BYTES).buffer });
    }
    await db.fileChunks.bulkPut(chunks);
    const row: FileRow = existing
      ? withoutEviction(existing)
      : {
          sha256,
          mime: meta.mime,
          size: view.byteLength,
          role: meta.role,
          w: meta.w ?? 0,
          h: meta.h ?? 0,
          ...(meta.thumb !== undefined ? { thumb: meta.thumb } : {}),
          capturedAt: meta.capturedAt,
          createdAt: meta.now,
          ...(meta.fromRelay === true ? { state: 'uploaded' as const, uploadedAt: meta.now } : { state: 'pending' as const }),
        };
    await db.files.put(row);
    return row;
  });
}

function withoutEviction(row: FileRow): FileRow {
  const { evictedAt: _evicted, ...rest } = row;
  return rest;
}

export const getFile = (db: FieldbookDB, sha256: string): Promise<FileRow | undefined> => db.files.get(sha256);

/** The file's bytes, reassembled; undefined when the device does not hold them (unknown or cleaned up). */
export async function readFile(db: FieldbookDB, sha256: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
  return db.transaction('r', db.files, db.fileChunks, async () => {
    const row = await db.files.get(sha256);
    if (row === undefined || row.evictedAt !== undefined) return undefined;
    const [lower, upper] = chunkRange(sha256);
    const chunks = await db.fileChunks.where('[sha256+index]').between(lower, upper, true, true).toArray();
    const bytes = concatChunks(chunks.map((c) => c.bytes));
    if (bytes.byteLength !== row.size) throw new FileCorruptError(`File ${sha256} has ${bytes.byteLength} of ${row.size} bytes`);
    return bytes;
  });
}

/** Bytes [start, end) of a stored file, reading only the chunks that cover them (the uploader's slices). */
export async function readFileRange(db: FieldbookDB, sha256: string, start: number, end: number): Promise<Uint8Array<ArrayBuffer>> {
  if (end <= start) return new Uint8Array(0);
  const first = Math.floor(start / FILE_CHUNK_BYTES);
  const last = Math.floor((end - 1) / FILE_CHUNK_BYTES);
  const [lower, upper] = chunkRange(sha256, first, last);
  const chunks = await db.fileChunks.where('[sha256+index]').between(lower, upper, true, true).toArray();
  const joined = concatChunks(chunks.map((c) => c.bytes));
  const from = start - first * FILE_CHUNK_BYTES;
  return joined.slice(from, from + (end - start));
}

/** The run refers to these files (and their thumbnails): clean-up keeps them while it is open. */
export async function addRefs(db: FieldbookDB, instanceId: string, sha256s: readonly string[], now: number): Promise<void> {
  await db.transaction('rw', db.fileRefs, async () => {
    for (const sha256 of new Set(sha256s)) {
      const existing = await db.fileRefs.get([instanceId, sha256]);
      if (existing === undefined) await db.fileRefs.put({ instanceId, sha256, addedAt: now, onRelay: 0 });
    }
  });
}

/** Forget every reference of a run (the run is gone from the device). Returns how many there were. */
export function removeRefs(db: FieldbookDB, instanceId: string): Promise<number> {
  return db.fileRefs.where('[instanceId+sha256]').between([instanceId, Dexie.minKey], [instanceId, Dexie.maxKey]).delete();
}

export const refsOfFile = (db: FieldbookDB, sha256: string): Promise<FileRefRow[]> => db.fileRefs.where('sha256').equals(sha256).toArray();

export const refsOfInstance = (db: FieldbookDB, instanceId: string): Promise<FileRefRow[]> =>
  db.fileRefs.where('[instanceId+sha256]').between([instanceId, Dexie.minKey], [instanceId, Dexie.maxKey]).toArray();

export async function markRefOnRelay(db: FieldbookDB, instanceId: string, sha256: string): Promise<void> {
  await db.fileRefs.update([instanceId, sha256], { onRelay: 1 });
}

/** References the relay does not know yet. */
export const refsNotOnRelay = (db: FieldbookDB): Promise<FileRefRow[]> => db.fileRefs.where('onRelay').equals(0).toArray();

export interface InstanceFiles {
  /** Every file the run refers to is on the relay, and the relay knows the run refers to it. */
  readonly onRelay: boolean;
  readonly pending: number;
  readonly pendingBytes: number;
  readonly refused: readonly FileRow[];
}

/** Whether a run's files are all on the relay (a run counts as on the relay only then, DESIGN §7). */
export async function instanceFiles(db: FieldbookDB, instanceId: string): Promise<InstanceFiles> {
  const refs = await refsOfInstance(db, instanceId);
  const rows = (await db.files.bulkGet(refs.map((r) => r.sha256))).filter((row): row is FileRow => row !== undefined);
  const pending = rows.filter((row) => row.state === 'pending');
  const refused = rows.filter((row) => row.state === 'refused');
  return {
    onRelay: refs.every((r) => r.onRelay === 1) && rows.length === refs.length && rows.every((row) => row.state === 'uploaded'),
    pending: pending.length,
    pendingBytes: pending.reduce((sum, row) => sum + row.size, 0),
    refused,
  };
}

export interface PendingFiles {
  readonly count: number;
  readonly bytes: number;
  /** Thumbnails first, then originals; oldest first within each. */
  readonly files: readonly FileRow[];
}

/** Files whose bytes the relay does not hold yet (refused ones are not pending: see `refusedFiles`). */
export async function pendingFiles(db: FieldbookDB): Promise<PendingFiles> {
  const byRole = async (role: FileRole) =>
    (await db.files.where('[state+role]').equals(['pending', role]).toArray()).sort((a, b) => a.createdAt - b.createdAt);
  const files = [...(await byRole('thumbnail')), ...(await byRole('original'))];
  return { count: files.length, bytes: files.reduce((sum, f) => sum + f.size, 0), files };
}

/** Files the relay refused, with its reason; they stay on the device. */
export async function refusedFiles(db: FieldbookDB): Promise<FileRow[]> {
  return db.files.where('[state+role]').between(['refused', Dexie.minKey], ['refused', Dexie.maxKey]).toArray();
}

export async function markUploaded(db: FieldbookDB, sha256: string, now: number): Promise<void> {
  await db.files.update(sha256, { state: 'uploaded', uploadedAt: now });
}

export async function markRefused(db: FieldbookDB, sha256: string, refusal: { code: string; reason: string }): Promise<void> {
  await db.files.update(sha256, { state: 'refused', refusedCode: refusal.code, refusedReason: refusal.reason });
}

export interface GarbageReport {
  readonly evicted: readonly string[];
  readonly bytes: number;
}

/**
 * Drops the bytes of originals that are safe to drop: on the relay, not referred to by an open
 * run, every reference already known to the relay, and older than `keepOriginalsDays`. The row
 * stays (the run still shows the file; the bytes come back from the relay on demand).
 * Thumbnails, pending and refused files are never dropped.
 */
export async function collectGarbage(
  db: FieldbookDB,
  now: number,
  openInstanceIds: Iterable<string>,
  options: { keepOriginalsDays?: number } = {},
): Promise<GarbageReport> {
  const open = new Set(openInstanceIds);
  const cutoff = now - (options.keepOriginalsDays ?? FILE_STORE_DEFAULTS.keepOriginalsDays) * DAY_MS;
  return db.transaction('rw', db.files, db.fileChunks, db.fileRefs, async () => {
    const candidates = await db.files.where('[state+role]').equals(['uploaded', 'original']).toArray();
    const evicted: string[] = [];
    let bytes = 0;
    for (const row of candidates) {
      if (row.evictedAt !== undefined || row.createdAt > cutoff) continue;
      const refs = await db.fileRefs.where('sha256').equals(row.sha256).toArray();
      if (refs.some((ref) => open.has(ref.instanceId) || ref.onRelay === 0)) continue;
      const [lower, upper] = chunkRange(row.sha256);
      await db.fileChunks.where('[sha256+index]').between(lower, upper, true, true).delete();
      await db.files.update(row.sha256, { evictedAt: now });
      evicted.push(row.sha256);
      bytes += row.size;
    }
    return { evicted, bytes };
  });
}
