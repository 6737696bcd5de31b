import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { openFieldbookDB, SCHEMA_V1 } from '../db';
import { closeTestDbs, freshDb, T0, uuid } from '../db/test-support';
import {
  addRefs,
  collectGarbage,
  FILE_CHUNK_BYTES,
  FileCorruptError,
  markRefOnRelay,
  markRefused,
  markUploaded,
  pendingFiles,
  putFile,
  readFile,
  readFileRange,
  refsOfFile,
  refusedFiles,
  removeRefs,
} from './file-store';
import { someBytes } from './test-bytes';

afterEach(closeTestDbs);

const DAY = 24 * 60 * 60 * 1000;


/** Byte equality without a per-element deep compare (megabytes). */
function expectSameBytes(actual: Uint8Array | undefined, expected: Uint8Array): void {
  expect(actual).toBeDefined();
  expect(actual?.byteLength).toBe(expected.byteLength);
  expect(Buffer.from(actual ?? []).equals(Buffer.from(expected))).toBe(true);
}

const nodeSha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const original = { mime: 'image/jpeg', role: 'original', capturedAt: T0, now: T0 } as const;
const thumbnail = { mime: 'image/jpeg', role: 'thumbnail', capturedAt: T0, now: T0 } as const;

describe('putFile / readFile', () => {
  it('names a file by the SHA-256 of its bytes and reassembles its 1 MiB chunks byte-identical', async () => {
    const db = freshDb();
    const bytes = someBytes(2 * FILE_CHUNK_BYTES + 12_345);
    const row = await putFile(db, bytes, original);
    expect(row.sha256).toBe(nodeSha(bytes));
    expect(row).toMatchObject({ size: bytes.byteLength, state: 'pending', role: 'original' });
    const chunks = await db.fileChunks.where('[sha256+index]').between([row.sha256, 0], [row.sha256, Dexie.maxKey]).toArray();
    expect(chunks.map((c) => c.bytes.byteLength)).toEqual([FILE_CHUNK_BYTES, FILE_CHUNK_BYTES, 12_345]);
    expect(chunks.every((c) => c.bytes instanceof ArrayBuffer)).toBe(true);
    const back = await readFile(db, row.sha256);
    expect(back && nodeSha(back)).toBe(row.sha256);
    expectSameBytes(back, bytes);
  });

  it('reads any byte range across chunk boundaries', async () => {
    const db = freshDb();
    const bytes = someBytes(3 * FILE_CHUNK_BYTES + 7, 9);
    const { sha256 } = await putFile(db, bytes, original);
    for (const [start, end] of [[0, 10], [FILE_CHUNK_BYTES - 3, FILE_CHUNK_BYTES + 4], [5, 2 * FILE_CHUNK_BYTES + 9], [3 * FILE_CHUNK_BYTES, bytes.length]] as const) {
      expectSameBytes(await readFileRange(db, sha256, start, end), bytes.slice(start, end));
    }
  });

  it('stores the same bytes once, keeping the first row and its upload state', async () => {
    const db = freshDb();
    const bytes = someBytes(5000);
    const first = await putFile(db, bytes, original);
    await markUploaded(db, first.sha256, T0 + 1);
    const again = await putFile(db, bytes.slice(), { ...original, mime: 'image/png', now: T0 + 2 });
    expect(again).toMatchObject({ sha256: first.sha256, state: 'uploaded', mime: 'image/jpeg', createdAt: T0 });
    expect(await db.files.count()).toBe(1);
    expect(await db.fileChunks.count()).toBe(1);
  });

  it('stores an empty file as one empty chunk', async () => {
    const db = freshDb();
    const row = await putFile(db, new Uint8Array(0), { ...original, mime: 'text/plain' });
    expect(row.sha256).toBe(nodeSha(new Uint8Array(0)));
    expect(await readFile(db, row.sha256)).toEqual(new Uint8Array(0));
  });

  it('refuses to read a file whose chunks do not add up to its size', async () => {
    const db = freshDb();
    const { sha256 } = await putFile(db, someBytes(FILE_CHUNK_BYTES + 1, 3), original);
    await db.fileChunks.delete([sha256, 1]);
    await expect(readFile(db, sha256)).rejects.toThrow(FileCorruptError);
  });

  it('answers undefined for a hash the device does not hold', async () => {
    expect(await readFile(freshDb(), 'a'.repeat(64))).toBeUndefined();
  });

  it('opens a version-1 database without losing its rows', async () => {
    const name = `fieldbook-test-${uuid()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    await v1.table('kv').put({ key: 'identity', value: 'Ana' });
    v1.close();
    const db = openFieldbookDB(name);
    try {
      expect(await db.kv.get('identity')).toEqual({ key: 'identity', value: 'Ana' });
      expect(await db.files.count()).toBe(0);
      expect(db.verno).toBe(2);
    } finally {
      await db.delete();
    }
  });
});

describe('pending and refused files', () => {
  it('counts pending files and bytes, thumbnails before originals, and leaves out uploaded and refused ones', async () => {
    const db = freshDb();
    const a = await putFile(db, someBytes(100, 1), { ...original, now: T0 });
    const t = await putFile(db, someBytes(30, 2), { ...thumbnail, now: T0 + 5 });
    const b = await putFile(db, someBytes(200, 3), { ...original, now: T0 + 1 });
    const up = await putFile(db, someBytes(400, 4), original);
    const no = await putFile(db, someBytes(800, 5), original);
    await markUploaded(db, up.sha256, T0);
    await markRefused(db, no.sha256, { code: 'too_large', reason: 'The relay takes files up to 25 MB' });
    const pending = await pendingFiles(db);
    expect(pending.files.map((f) => f.sha256)).toEqual([t.sha256, a.sha256, b.sha256]);
    expect(pending).toMatchObject({ count: 3, bytes: 330 });
    const refused = await refusedFiles(db);
    expect(refused.map((f) => [f.sha256, f.refusedReason])).toEqual([[no.sha256, 'The relay takes files up to 25 MB']]);
    expect(await readFile(db, no.sha256)).toEqual(someBytes(800, 5));
  });
});

describe('references and clean-up', () => {
  const old = T0 + 31 * DAY;

  async function uploadedOriginalWithThumb(db: ReturnType<typeof freshDb>, seed: number) {
    const thumb = await putFile(db, someBytes(64, seed + 100), thumbnail);
    const file = await putFile(db, someBytes(FILE_CHUNK_BYTES + 10, seed), { ...original, thumb: thumb.sha256 });
    await markUploaded(db, file.sha256, T0);
    await markUploaded(db, thumb.sha256, T0);
    return { file, thumb };
  }

  it('drops an uploaded, old original no open run refers to, and keeps its thumbnail and row', async () => {
    const db = freshDb();
    const run = uuid();
    const { file, thumb } = await uploadedOriginalWithThumb(db, 1);
    await addRefs(db, run, [file.sha256, thumb.sha256], T0);
    await markRefOnRelay(db, run, file.sha256);
    await markRefOnRelay(db, run, thumb.sha256);
    const report = await collectGarbage(db, old, [/* the run is closed */]);
    expect(report).toEqual({ evicted: [file.sha256], bytes: file.size });
    expect(await readFile(db, file.sha256)).toBeUndefined();
    expect((await db.files.get(file.sha256))?.evictedAt).toBe(old);
    expect(await readFile(db, thumb.sha256)).toEqual(someBytes(64, 101));
    expect(await db.fileChunks.where('[sha256+index]').between([file.sha256, 0], [file.sha256, Dexie.maxKey]).count()).toBe(0);
    expect(await db.fileChunks.count()).toBe(1);
    // Capturing the same photo again brings its bytes back.
    await putFile(db, someBytes(FILE_CHUNK_BYTES + 10, 1), original);
    expectSameBytes(await readFile(db, file.sha256), someBytes(FILE_CHUNK_BYTES + 10, 1));
  });

  it('never drops an original an open run refers to, one not yet old, or one whose reference the relay does not know', async () => {
    const db = freshDb();
    const openRun = uuid();
    const closedRun = uuid();
    const referenced = await uploadedOriginalWithThumb(db, 1);
    await addRefs(db, openRun, [referenced.file.sha256], T0);
    await markRefOnRelay(db, openRun, referenced.file.sha256);
    const unsentRef = await uploadedOriginalWithThumb(db, 2);
    await addRefs(db, closedRun, [unsentRef.file.sha256], T0);
    const young = await uploadedOriginalWithThumb(db, 3);
    expect(await collectGarbage(db, T0 + 29 * DAY, [openRun])).toEqual({ evicted: [], bytes: 0 });
    expect(await collectGarbage(db, old, [openRun])).toEqual({ evicted: [young.file.sha256], bytes: young.file.size });
    expect(await readFile(db, referenced.file.sha256)).toBeDefined();
    expect(await readFile(db, unsentRef.file.sha256)).toBeDefined();
  });

  it('never drops a pending or refused original, however old and unreferenced', async () => {
    const db = freshDb();
    const pending = await putFile(db, someBytes(10, 1), original);
    const refused = await putFile(db, someBytes(10, 2), original);
    await markRefused(db, refused.sha256, { code: 'unsupported_type', reason: 'no' });
    expect(await collectGarbage(db, T0 + 365 * DAY, [], { keepOriginalsDays: 1 })).toEqual({ evicted: [], bytes: 0 });
    expect(await readFile(db, pending.sha256)).toBeDefined();
    expect(await readFile(db, refused.sha256)).toBeDefined();
  });

  it('adds a reference once and removes every reference of a run', async () => {
    const db = freshDb();
    const run = uuid();
    const other = uuid();
    const a = await putFile(db, someBytes(10, 1), original);
    await addRefs(db, run, [a.sha256, a.sha256], T0);
    await markRefOnRelay(db, run, a.sha256);
    await addRefs(db, run, [a.sha256], T0 + 1);
    await addRefs(db, other, [a.sha256], T0);
    expect((await refsOfFile(db, a.sha256)).map((r) => [r.instanceId === run, r.onRelay, r.addedAt]).sort()).toEqual(
      [[false, 0, T0], [true, 1, T0]].sort(),
    );
    expect(await removeRefs(db, run)).toBe(1);
    expect((await refsOfFile(db, a.sha256)).map((r) => r.instanceId)).toEqual([other]);
  });
});
