import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { closeTestDbs, freshDb, T0, uuid } from '../db/test-support';
import type { FieldbookDB } from '../db';
import { addRefs, instanceFiles, pendingFiles, putFile, readFile, refsOfFile } from './file-store';
import { startTestTusRelay } from './test-tus-relay';
import type { TestTusRelay, TestTusRelayOptions } from './test-tus-relay';
import { createUploader } from './uploader';
import type { UploaderOptions } from './uploader';
import { someBytes } from './test-bytes';

const TOKEN = 'member-token-1';
const MiB = 1024 * 1024;
const relays: TestTusRelay[] = [];

afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.close()));
  await closeTestDbs();
});

async function relay(options: Partial<TestTusRelayOptions> = {}): Promise<TestTusRelay> {
  const started = await startTestTusRelay({ token: TOKEN, ...options });
  relays.push(started);
  return started;
}


const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A captured photo as the capture pipeline leaves it: original + thumbnail, both referred to by the run. */
async function aPhoto(db: FieldbookDB, instanceId: string, seed: number, size = 50_000, mime = 'image/jpeg') {
  const thumbBytes = someBytes(2_000, seed + 1000);
  const bytes = someBytes(size, seed);
  const thumb = await putFile(db, thumbBytes, { mime: 'image/jpeg', role: 'thumbnail', capturedAt: T0, now: T0 + seed });
  const file = await putFile(db, bytes, { mime, role: 'original', thumb: thumb.sha256, capturedAt: T0, now: T0 + seed });
  await addRefs(db, instanceId, [file.sha256, thumb.sha256], T0);
  return { file, thumb, bytes, thumbBytes };
}

const uploader = (db: FieldbookDB, r: TestTusRelay, over: Partial<UploaderOptions> = {}) =>
  createUploader({ db, baseUrl: r.baseUrl, getToken: () => TOKEN, retryDelays: [], now: () => T0 + 99, ...over });

describe('uploader', () => {
  it('sends thumbnails before originals, byte-identical, with the bearer token, and leaves nothing pending', async () => {
    const db = freshDb();
    const r = await relay();
    const run = uuid();
    const a = await aPhoto(db, run, 1);
    const b = await aPhoto(db, run, 2);
    const report = await uploader(db, r).uploadPending();
    expect(report.failed).toEqual([]);
    expect(report.uploaded).toEqual([a.thumb.sha256, b.thumb.sha256, a.file.sha256, b.file.sha256]);
    for (const { file, thumb, bytes, thumbBytes } of [a, b]) {
      expect(r.blobs.get(file.sha256)?.bytes.equals(Buffer.from(bytes))).toBe(true);
      expect(r.blobs.get(thumb.sha256)?.bytes.equals(Buffer.from(thumbBytes))).toBe(true);
      expect(r.refs.has(`${file.sha256}/${run}`)).toBe(true);
    }
    expect(r.requests.every((q) => q.authorized)).toBe(true);
    const posts = r.requests.filter((q) => q.method === 'POST').length;
    expect(posts).toBe(4);
    expect(await pendingFiles(db)).toMatchObject({ count: 0, bytes: 0 });
    expect(await db.files.get(a.file.sha256)).toMatchObject({ state: 'uploaded', uploadedAt: T0 + 99 });
    expect(await instanceFiles(db, run)).toMatchObject({ onRelay: true, pending: 0 });
    expect(await db.tusUploads.count()).toBe(0);
  });

  it('skips the upload of bytes the relay already holds (HEAD 200) and only sends the run references', async () => {
    const db = freshDb();
    const r = await relay();
    const run = uuid();
    const other = uuid();
    const photo = await aPhoto(db, run, 3);
    await addRefs(db, other, [photo.file.sha256], T0);
    r.blobs.set(photo.file.sha256, { bytes: Buffer.from(photo.bytes), mime: 'image/jpeg' });
    const report = await uploader(db, r).uploadPending();
    expect(report.alreadyOnRelay).toEqual([photo.file.sha256]);
    expect(report.uploaded).toEqual([photo.thumb.sha256]);
    const fileRequests = r.requests.filter((q) => q.path.startsWith('/api/files'));
    expect(fileRequests.map((q) => q.method)).toEqual(['POST', 'PATCH']); // the thumbnail's only
    expect(r.refs).toEqual(new Set([`${photo.thumb.sha256}/${run}`, `${photo.file.sha256}/${run}`, `${photo.file.sha256}/${other}`]));
    expect((await refsOfFile(db, photo.file.sha256)).every((ref) => ref.onRelay === 1)).toBe(true);
    expect(await instanceFiles(db, other)).toMatchObject({ onRelay: true });
  });

  it('marks a file the relay refuses (413, 415, quota) as refused with a reason, keeps its bytes and goes on', async () => {
    const db = freshDb();
    const r = await relay({ maxFileBytes: 100_000, quotaBytes: 150_000 });
    const run = uuid();
    const big = await aPhoto(db, run, 4, 120_000);
    const heic = await aPhoto(db, run, 5, 10_000, 'image/heic');
    const fits = await aPhoto(db, run, 6, 90_000);
    const overQuota = await aPhoto(db, run, 7, 90_000);
    const report = await uploader(db, r).uploadPending();
    expect(report.refused.map((x) => [x.sha256, x.code])).toEqual([
      [big.file.sha256, 'file_too_large'],
      [heic.file.sha256, 'unsupported_type'],
      [overQuota.file.sha256, 'quota_exceeded'],
    ]);
    expect(report.uploaded).toContain(fits.file.sha256);
    const rows = await db.files.bulkGet([big.file.sha256, heic.file.sha256, overQuota.file.sha256]);
    expect(rows.map((row) => row?.state)).toEqual(['refused', 'refused', 'refused']);
    expect(rows[0]?.refusedReason).toMatch(/0\.1 MB\) is larger than the relay accepts/);
    expect(rows[1]?.refusedReason).toBe('The relay does not accept files of type image/heic.');
    expect(rows[2]?.refusedReason).toMatch(/storage space on the relay is full/);
    expect(Buffer.from((await readFile(db, big.file.sha256)) ?? []).equals(Buffer.from(big.bytes))).toBe(true);
    expect(await instanceFiles(db, run)).toMatchObject({ onRelay: false, pending: 0 });
    expect((await instanceFiles(db, run)).refused).toHaveLength(3);
    // A second pass does not try refused files again.
    const before = r.requests.length;
    expect(await uploader(db, r).uploadPending()).toMatchObject({ uploaded: [], refused: [], failed: [] });
    expect(r.requests.length).toBe(before);
  });

  it('resumes an interrupted upload after a reload from the relay offset, re-sending at most one chunk', async () => {
    const db = freshDb();
    const r = await relay();
    const run = uuid();
    const size = 3 * MiB + 1_000;
    const bytes = someBytes(size, 8);
    const file = await putFile(db, bytes, { mime: 'application/pdf', role: 'original', capturedAt: T0, now: T0 });
    await addRefs(db, run, [file.sha256], T0);
    // Two chunks arrive, the third PATCH's connection is cut half way (its bytes are lost).
    r.cutPatch = { nth: 3, after: MiB / 2 };
    const first = await uploader(db, r, { chunkSize: MiB }).uploadPending();
    expect(r.patches).toBe(3);
    expect(first.uploaded).toEqual([]);
    expect(first.failed.map((f) => f.sha256)).toEqual([file.sha256]);
    expect((await db.files.get(file.sha256))?.state).toBe('pending');
    expect(await db.tusUploads.where('fingerprint').equals(`sha256:${file.sha256}`).count()).toBe(1);

    const second = await uploader(db, r, { chunkSize: MiB }).uploadPending();
    expect(second.uploaded).toEqual([file.sha256]);
    expect(r.requests.filter((q) => q.method === 'POST')).toHaveLength(1);
    expect(r.blobs.get(file.sha256)?.bytes.equals(Buffer.from(bytes))).toBe(true);
    expect(r.blobs.get(file.sha256) && sha(r.blobs.get(file.sha256)?.bytes ?? new Uint8Array())).toBe(file.sha256);
    const resent = r.patchBytesReceived - size;
    expect(resent).toBeGreaterThan(0);
    expect(resent).toBeLessThanOrEqual(MiB);
  });

  it('holds originals on a metered connection when Wi-Fi only is set, and sends them where the browser cannot tell', async () => {
    const db = freshDb();
    const r = await relay();
    const photo = await aPhoto(db, uuid(), 9);
    const onCellular = await uploader(db, r, { onlyOnWifi: () => true, connectionType: () => 'cellular' }).uploadPending();
    expect(onCellular).toMatchObject({ uploaded: [photo.thumb.sha256], deferred: [photo.file.sha256] });
    expect(r.blobs.has(photo.file.sha256)).toBe(false);
    const onWifi = await uploader(db, r, { onlyOnWifi: () => true, connectionType: () => 'wifi' }).uploadPending();
    expect(onWifi.uploaded).toEqual([photo.file.sha256]);

    const db2 = freshDb();
    const other = await aPhoto(db2, uuid(), 10);
    const unknown = await uploader(db2, r, { onlyOnWifi: () => true, connectionType: () => undefined }).uploadPending();
    expect(unknown.uploaded).toEqual([other.thumb.sha256, other.file.sha256]);
  });

  it('sends a reference the relay refused (its run was not there yet) on a later pass; the run is on the relay only then', async () => {
    const db = freshDb();
    const known = new Set<string>();
    const r = await relay({ knownInstances: known });
    const run = uuid();
    const later = uuid();
    known.add(run);
    const photo = await aPhoto(db, run, 11);
    await addRefs(db, later, [photo.file.sha256], T0 + 1);
    const first = await uploader(db, r).uploadPending();
    expect(first.uploaded).toEqual([photo.thumb.sha256, photo.file.sha256]);
    expect(first.failed.map((f) => f.sha256)).toEqual([photo.file.sha256]);
    expect(await instanceFiles(db, run)).toMatchObject({ onRelay: true });
    expect(await instanceFiles(db, later)).toMatchObject({ onRelay: false, pending: 0 });
    known.add(later);
    const second = await uploader(db, r).uploadPending();
    expect(second).toMatchObject({ uploaded: [], failed: [] });
    expect(r.refs.has(`${photo.file.sha256}/${later}`)).toBe(true);
    expect(await instanceFiles(db, later)).toMatchObject({ onRelay: true });
  });

  it('stops the pass when the relay cannot be reached and keeps every file pending', async () => {
    const db = freshDb();
    const r = await relay();
    const baseUrl = r.baseUrl;
    await r.close();
    relays.splice(relays.indexOf(r), 1);
    await aPhoto(db, uuid(), 12);
    const report = await createUploader({ db, baseUrl, getToken: () => TOKEN, retryDelays: [] }).uploadPending();
    expect(report.failed).toHaveLength(1);
    expect(report.uploaded).toEqual([]);
    expect(await pendingFiles(db)).toMatchObject({ count: 2 });
  });

  it('joins a pass already running instead of uploading the same files twice', async () => {
    const db = freshDb();
    const r = await relay();
    const photo = await aPhoto(db, uuid(), 13);
    const u = uploader(db, r);
    const [a, b] = await Promise.all([u.uploadPending(), u.uploadPending()]);
    expect(a).toBe(b);
    expect(a.uploaded).toEqual([photo.thumb.sha256, photo.file.sha256]);
    expect(r.requests.filter((q) => q.method === 'POST')).toHaveLength(2);
    // Once it is over, a new pass runs (and finds nothing to do).
    expect(await u.uploadPending()).not.toBe(a);
  });

  it('stops the pass on a refused token, tells the session, and keeps every file pending', async () => {
    const db = freshDb();
    const r = await relay();
    await aPhoto(db, uuid(), 14);
    let told = 0;
    const report = await uploader(db, r, { getToken: () => 'expired', onUnauthorized: () => void (told += 1) }).uploadPending();
    expect(told).toBe(1);
    expect(report.failed).toHaveLength(1);
    expect(r.requests).toHaveLength(1);
    expect(await pendingFiles(db)).toMatchObject({ count: 2 });
  });

  it('reports progress up to the whole file', async () => {
    const db = freshDb();
    const r = await relay();
    const bytes = someBytes(2 * MiB + 5, 15);
    const file = await putFile(db, bytes, { mime: 'application/pdf', role: 'original', capturedAt: T0, now: T0 });
    await addRefs(db, uuid(), [file.sha256], T0);
    const seen: number[] = [];
    await uploader(db, r, { chunkSize: MiB, onProgress: (shaOf, sent, total) => shaOf === file.sha256 && total === bytes.length && seen.push(sent) }).uploadPending();
    expect(seen.at(-1)).toBe(bytes.length);
    expect(seen.every((n, i) => i === 0 || n >= (seen[i - 1] ?? 0))).toBe(true);
  });
});
