/** Files on the relay (issue 11, DESIGN §5.1): tus uploads at /api/files, blobs at /api/blobs/:sha256. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { DATABASE_FILE } from '../src/db/database';
import { jpegBytes, sha256Of, tusUpload } from './helpers/files';
import { instanceFor } from './helpers/records';
import { createLink, recipientInstance, redeem } from './helpers/shares';
import { startTestServer } from './helpers/test-server';
import { waitFor } from './helpers/wait';
import type { TestServer, TestServerOptions } from './helpers/test-server';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const MAX = 512 * 1024;

async function relayWithMembers(files: TestServerOptions['files'] = {}) {
  const relay = await startTestServer({ files: { maxFileBytes: MAX, ...files } });
  servers.push(relay);
  const admin = await relay.signup('admin@site.example', 'Admin');
  const ada = await relay.signup('ada@site.example', 'Ada');
  const bo = await relay.signup('bo@site.example', 'Bo');
  return { relay, admin, ada, bo };
}

async function putInstance(relay: TestServer, account: { token: string; user: { id: string } }): Promise<string> {
  const instance = instanceFor(account.user.id);
  const res = await relay.request('PUT', `/api/instances/${instance.id}`, { token: account.token, body: instance });
  expect(res.status).toBe(200);
  return instance.id;
}

function rows(relay: TestServer) {
  const db = new Database(path.join(relay.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return {
      blobs: db.prepare('SELECT sha256, mime, size, created_by AS createdBy FROM blobs ORDER BY sha256').all() as { sha256: string; mime: string; size: number; createdBy: string }[],
      refs: db.prepare('SELECT instance_id AS instanceId, sha256 FROM blob_refs ORDER BY instance_id').all() as { instanceId: string; sha256: string }[],
    };
  } finally {
    db.close();
  }
}

const blobFile = (relay: TestServer, sha: string) => path.join(relay.dataDir, 'blobs', sha.slice(0, 2), sha);
/** Files in DATA_DIR/blobs/<aa>/ (not the staging directory). */
const storedBlobFiles = (relay: TestServer): string[] =>
  readdirSync(path.join(relay.dataDir, 'blobs'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== '.staging')
    .flatMap((d) => readdirSync(path.join(relay.dataDir, 'blobs', d.name)));
const uploadsLeft = (relay: TestServer): string[] => readdirSync(path.join(relay.dataDir, 'uploads'));

async function getBlob(relay: TestServer, sha: string, token: string) {
  const res = await fetch(`${relay.url}/api/blobs/${sha}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A raw tus create (POST) with the given headers; the answer's status and error code. */
async function rawCreate(relay: TestServer, token: string | undefined, headers: Record<string, string>) {
  const res = await fetch(`${relay.url}/api/files`, {
    method: 'POST',
    headers: { 'tus-resumable': '1.0.0', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  const text = await res.text();
  const code = text ? (JSON.parse(text) as { error?: { code?: string } }).error?.code : undefined;
  return { status: res.status, code, location: res.headers.get('location'), headers: res.headers };
}

const metadataHeader = (meta: Record<string, string>): string =>
  Object.entries(meta).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(',');

describe('upload and read back', () => {
  it('stores a chunked upload byte-identical, named by its hash, with its row and the instance reference', async () => {
    const { relay, ada } = await relayWithMembers();
    const instanceId = await putInstance(relay, ada);
    const bytes = jpegBytes(200 * 1024 + 17);
    const sha256 = sha256Of(bytes);

    const outcome = await tusUpload(relay.url, ada.token, bytes, { sha256, mime: 'image/jpeg', instanceId }, { chunkSize: 64 * 1024 });
    expect(outcome.ok).toBe(true);

    const got = await getBlob(relay, sha256, ada.token);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(got.headers.get('cache-control')).toBe('no-store');
    expect(sha256Of(got.bytes)).toBe(sha256);
    expect(got.bytes.equals(bytes)).toBe(true);
    expect(readFileSync(blobFile(relay, sha256)).equals(bytes)).toBe(true);
    expect(rows(relay)).toEqual({
      blobs: [{ sha256, mime: 'image/jpeg', size: bytes.length, createdBy: `user:${ada.user.id}` }],
      refs: [{ instanceId, sha256 }],
    });
    // The partial upload (bytes and tus info) is gone; its URL is 404 now.
    expect(uploadsLeft(relay)).toEqual([]);
    const head = await fetch(outcome.ok ? outcome.url : '', { method: 'HEAD', headers: { authorization: `Bearer ${ada.token}`, 'tus-resumable': '1.0.0' } });
    expect(head.status).toBe(404);

    const headBlob = await fetch(`${relay.url}/api/blobs/${sha256}`, { method: 'HEAD', headers: { authorization: `Bearer ${ada.token}` } });
    expect(headBlob.status).toBe(200);
    expect(headBlob.headers.get('content-length')).toBe(String(bytes.length));
  });

  it('refuses bytes that do not hash to the declared sha256 and stores nothing (no blob file, no row, no partial)', async () => {
    const { relay, ada } = await relayWithMembers();
    const instanceId = await putInstance(relay, ada);
    const bytes = jpegBytes(100 * 1024);
    const claimed = sha256Of(jpegBytes(100 * 1024));

    const outcome = await tusUpload(relay.url, ada.token, bytes, { sha256: claimed, mime: 'image/jpeg', instanceId }, { chunkSize: 40 * 1024 });
    expect(outcome).toMatchObject({ ok: false, status: 422, code: 'file_hash_mismatch' });
    expect(existsSync(blobFile(relay, claimed))).toBe(false);
    expect(existsSync(blobFile(relay, sha256Of(bytes)))).toBe(false);
    expect(storedBlobFiles(relay)).toEqual([]);
    expect(readdirSync(path.join(relay.dataDir, 'blobs', '.staging'))).toEqual([]);
    expect(rows(relay)).toEqual({ blobs: [], refs: [] });
    expect(uploadsLeft(relay)).toEqual([]);
    expect((await getBlob(relay, claimed, ada.token)).status).toBe(404);
  });

  it('stores a file sent with its create (creation-with-upload) the same way', async () => {
    const { relay, ada } = await relayWithMembers();
    const instanceId = await putInstance(relay, ada);
    const bytes = jpegBytes(70 * 1024);
    const sha256 = sha256Of(bytes);
    expect(await tusUpload(relay.url, ada.token, bytes, { sha256, mime: 'image/jpeg', instanceId }, { uploadDataDuringCreation: true })).toMatchObject({ ok: true });
    expect((await getBlob(relay, sha256, ada.token)).bytes.equals(bytes)).toBe(true);
    expect(rows(relay).refs).toEqual([{ instanceId, sha256 }]);
    expect(uploadsLeft(relay)).toEqual([]);
  });

  it('keeps one file and one row for the same bytes uploaded twice, with a reference per instance', async () => {
    const { relay, ada, bo } = await relayWithMembers();
    const first = await putInstance(relay, ada);
    const second = await putInstance(relay, ada);
    const bos = await putInstance(relay, bo);
    const bytes = jpegBytes(50 * 1024);
    const sha256 = sha256Of(bytes);
    for (const [account, instanceId] of [[ada, first], [ada, second], [bo, bos]] as const) {
      expect(await tusUpload(relay.url, account.token, bytes, { sha256, mime: 'image/jpeg', instanceId })).toMatchObject({ ok: true });
    }
    expect(storedBlobFiles(relay)).toEqual([sha256]);
    const stored = rows(relay);
    // The first to store it is charged; Bo, who sent the same bytes, reads it through his own run.
    expect(stored.blobs).toEqual([{ sha256, mime: 'image/jpeg', size: bytes.length, createdBy: `user:${ada.user.id}` }]);
    expect(stored.refs.map((r) => r.instanceId).sort()).toEqual([first, second, bos].sort());
    expect((await getBlob(relay, sha256, bo.token)).bytes.equals(bytes)).toBe(true);
  });
});

describe('limits', () => {
  it('answers 413 file_too_large for an Upload-Length over MAX_FILE_BYTES, and for a PATCH past the upload length', async () => {
    const { relay, ada } = await relayWithMembers();
    const instanceId = await putInstance(relay, ada);
    const sha256 = sha256Of(Buffer.from('x'));
    const meta = metadataHeader({ sha256, mime: 'image/png', instanceId });
    expect(await rawCreate(relay, ada.token, { 'upload-length': String(MAX + 1), 'upload-metadata': meta })).toMatchObject({ status: 413, code: 'file_too_large' });
    expect(uploadsLeft(relay)).toEqual([]);

    const created = await rawCreate(relay, ada.token, { 'upload-length': '10', 'upload-metadata': meta });
    expect(created.status).toBe(201);
    const patch = await fetch(new URL(created.location ?? '', relay.url), {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ada.token}`, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: Buffer.alloc(11, 1),
    });
    expect(patch.status).toBe(413);
    expect(((await patch.json()) as { error: { code: string } }).error.code).toBe('file_too_large');
    expect(rows(relay).blobs).toEqual([]);
  });

  it('answers 415 file_type_not_accepted for a type outside FILE_TYPES', async () => {
    const { relay, ada } = await relayWithMembers({ fileTypes: ['image/jpeg'] });
    const instanceId = await putInstance(relay, ada);
    const bytes = Buffer.from('%PDF-1.7 not accepted here');
    const outcome = await tusUpload(relay.url, ada.token, bytes, { sha256: sha256Of(bytes), mime: 'application/pdf', instanceId });
    expect(outcome).toMatchObject({ ok: false, status: 415, code: 'file_type_not_accepted' });
    expect(uploadsLeft(relay)).toEqual([]);
  });

  it('answers 400 invalid_file_metadata without sha256, mime or instanceId, or with an upper-case hash', async () => {
    const { relay, ada } = await relayWithMembers();
    const instanceId = await putInstance(relay, ada);
    const sha256 = sha256Of(Buffer.from('y'));
    const cases = [
      { mime: 'image/jpeg', instanceId },
      { sha256, instanceId },
      { sha256, mime: 'image/jpeg' },
      { sha256: sha256.toUpperCase(), mime: 'image/jpeg', instanceId },
    ];
    expect(await rawCreate(relay, ada.token, { 'upload-length': '1', 'upload-metadata': 'sha256 not-base64!,mime' })).toMatchObject({ status: 400, code: 'invalid_file_metadata' });
    for (const meta of cases) {
      expect(await rawCreate(relay, ada.token, { 'upload-length': '1', 'upload-metadata': metadataHeader(meta) }), JSON.stringify(meta)).toMatchObject({
        status: 400,
        code: 'invalid_file_metadata',
      });
    }
    expect(uploadsLeft(relay)).toEqual([]);
  });

  it('answers 413 file_quota_exceeded once the caller\'s stored files would pass FILE_QUOTA_BYTES; others are not charged', async () => {
    const { relay, ada, bo } = await relayWithMembers({ quotaBytes: 100 * 1024 });
    const instanceId = await putInstance(relay, ada);
    const first = jpegBytes(60 * 1024);
    expect(await tusUpload(relay.url, ada.token, first, { sha256: sha256Of(first), mime: 'image/jpeg', instanceId })).toMatchObject({ ok: true });
    const second = jpegBytes(60 * 1024);
    expect(await tusUpload(relay.url, ada.token, second, { sha256: sha256Of(second), mime: 'image/jpeg', instanceId })).toMatchObject({
      ok: false,
      status: 413,
      code: 'file_quota_exceeded',
    });
    expect(rows(relay).blobs.map((b) => b.sha256)).toEqual([sha256Of(first)]);
    // Bo's quota is his own.
    const bos = await putInstance(relay, bo);
    expect(await tusUpload(relay.url, bo.token, second, { sha256: sha256Of(second), mime: 'image/jpeg', instanceId: bos })).toMatchObject({ ok: true });
  });
});

describe('unfinished uploads', () => {
  it('counts their declared lengths against the quota until they finish or are terminated (DELETE)', async () => {
    const { relay, ada } = await relayWithMembers({ quotaBytes: 100 * 1024 });
    const instanceId = await putInstance(relay, ada);
    const meta = (n: number) => metadataHeader({ sha256: sha256Of(Buffer.from(String(n))), mime: 'image/jpeg', instanceId });
    const first = await rawCreate(relay, ada.token, { 'upload-length': String(60 * 1024), 'upload-metadata': meta(1) });
    expect(first.status).toBe(201);
    expect(await rawCreate(relay, ada.token, { 'upload-length': String(60 * 1024), 'upload-metadata': meta(2) })).toMatchObject({ status: 413, code: 'file_quota_exceeded' });
    const terminated = await fetch(new URL(first.location ?? '', relay.url), { method: 'DELETE', headers: { authorization: `Bearer ${ada.token}`, 'tus-resumable': '1.0.0' } });
    expect(terminated.status).toBe(204);
    expect(uploadsLeft(relay)).toEqual([]);
    expect((await rawCreate(relay, ada.token, { 'upload-length': String(60 * 1024), 'upload-metadata': meta(2) })).status).toBe(201);
  });

  it('are removed by the sweep once past their expiry', async () => {
    const { relay, ada } = await relayWithMembers({ uploadExpiryMs: 50 });
    const instanceId = await putInstance(relay, ada);
    const createdAt = Date.now();
    const created = await rawCreate(relay, ada.token, { 'upload-length': '10', 'upload-metadata': metadataHeader({ sha256: sha256Of(Buffer.from('e')), mime: 'image/png', instanceId }) });
    expect(created.status).toBe(201);
    expect(uploadsLeft(relay)).toHaveLength(2);
    await waitFor(() => Date.now() > createdAt + 100, 'the upload to pass its expiry');
    expect(await relay.server.sweepExpiredUploads()).toBe(1);
    expect(uploadsLeft(relay)).toEqual([]);
    const head = await fetch(new URL(created.location ?? '', relay.url), { method: 'HEAD', headers: { authorization: `Bearer ${ada.token}`, 'tus-resumable': '1.0.0' } });
    expect(head.status).toBe(404);
  });
});

describe('access', () => {
  it('answers 401 without a token on every files route', async () => {
    const { relay } = await relayWithMembers();
    const sha = sha256Of(Buffer.from('z'));
    expect((await rawCreate(relay, undefined, { 'upload-length': '1' })).status).toBe(401);
    for (const method of ['GET', 'HEAD']) expect((await fetch(`${relay.url}/api/blobs/${sha}`, { method })).status).toBe(401);
    expect((await fetch(`${relay.url}/api/files/abc`, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0' } })).status).toBe(401);
    expect((await fetch(`${relay.url}/api/blobs/${sha}/refs/${randomUUID()}`, { method: 'PUT' })).status).toBe(401);
  });

  it('reads a blob for its owner and admins; another member gets 404, exactly as for a hash nobody stored', async () => {
    const { relay, admin, ada, bo } = await relayWithMembers();
    const instanceId = await putInstance(relay, ada);
    const bytes = jpegBytes(30 * 1024);
    const sha256 = sha256Of(bytes);
    expect(await tusUpload(relay.url, ada.token, bytes, { sha256, mime: 'image/jpeg', instanceId })).toMatchObject({ ok: true });

    expect((await getBlob(relay, sha256, admin.token)).bytes.equals(bytes)).toBe(true);
    const theirs = await relay.request('GET', `/api/blobs/${sha256}`, { token: bo.token });
    const nobodys = await relay.request('GET', `/api/blobs/${sha256Of(Buffer.from('never stored'))}`, { token: bo.token });
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual(nobodys.body);
    const head = await fetch(`${relay.url}/api/blobs/${sha256}`, { method: 'HEAD', headers: { authorization: `Bearer ${bo.token}` } });
    expect(head.status).toBe(404);
    // Nor may Bo reference it from his own run (he would then read it).
    const bos = await putInstance(relay, bo);
    expect((await relay.request('PUT', `/api/blobs/${sha256}/refs/${bos}`, { token: bo.token })).status).toBe(404);
    expect((await getBlob(relay, sha256, bo.token)).status).toBe(404);
  });

  it('refuses an upload to someone else\'s run (404), and someone else\'s upload URL (404)', async () => {
    const { relay, ada, bo } = await relayWithMembers();
    const adas = await putInstance(relay, ada);
    const bytes = jpegBytes(10 * 1024);
    const sha256 = sha256Of(bytes);
    expect(await tusUpload(relay.url, bo.token, bytes, { sha256, mime: 'image/jpeg', instanceId: adas })).toMatchObject({ ok: false, status: 404, code: 'not_found' });
    expect(await tusUpload(relay.url, ada.token, bytes, { sha256, mime: 'image/jpeg', instanceId: randomUUID() })).toMatchObject({ ok: false, status: 404 });

    const created = await rawCreate(relay, ada.token, { 'upload-length': String(bytes.length), 'upload-metadata': metadataHeader({ sha256, mime: 'image/jpeg', instanceId: adas }) });
    expect(created.status).toBe(201);
    const url = new URL(created.location ?? '', relay.url);
    const asBo = { authorization: `Bearer ${bo.token}`, 'tus-resumable': '1.0.0' };
    expect((await fetch(url, { method: 'HEAD', headers: asBo })).status).toBe(404);
    const patch = await fetch(url, { method: 'PATCH', headers: { ...asBo, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: bytes });
    expect(patch.status).toBe(404);
    expect((await fetch(url, { method: 'DELETE', headers: asBo })).status).toBe(404);
    const own = await fetch(url, { method: 'HEAD', headers: { authorization: `Bearer ${ada.token}`, 'tus-resumable': '1.0.0' } });
    expect(own.status).toBe(200);
    expect(own.headers.get('upload-offset')).toBe('0');
    expect(own.headers.get('upload-metadata')).not.toContain('owner');
  });

  it('lets a device reference a blob it may read from another run of its own (204), without a second upload', async () => {
    const { relay, ada } = await relayWithMembers();
    const first = await putInstance(relay, ada);
    const second = await putInstance(relay, ada);
    const bytes = jpegBytes(20 * 1024);
    const sha256 = sha256Of(bytes);
    expect(await tusUpload(relay.url, ada.token, bytes, { sha256, mime: 'image/jpeg', instanceId: first })).toMatchObject({ ok: true });
    expect((await relay.request('PUT', `/api/blobs/${sha256}/refs/${second}`, { token: ada.token })).status).toBe(204);
    expect(rows(relay).refs.map((r) => r.instanceId).sort()).toEqual([first, second].sort());
    // A hash the relay does not hold is 404, like one the caller may not read.
    expect((await relay.request('PUT', `/api/blobs/${sha256Of(Buffer.from('nope'))}/refs/${second}`, { token: ada.token })).status).toBe(404);
  });

  it('takes files from a share-link recipient for its own run; the link creator reads them, other members do not', async () => {
    const { relay, admin, bo } = await relayWithMembers();
    const { link, token } = await createLink(relay, admin);
    const { redeemed, sessionId } = await redeem(relay, token);
    const instance = recipientInstance(sessionId, link.id);
    expect((await relay.request('PUT', `/api/instances/${instance.id}`, { token: redeemed.grant, body: instance })).status).toBe(200);
    const bytes = jpegBytes(15 * 1024);
    const sha256 = sha256Of(bytes);
    expect(await tusUpload(relay.url, redeemed.grant, bytes, { sha256, mime: 'image/jpeg', instanceId: instance.id })).toMatchObject({ ok: true });
    expect(rows(relay).blobs[0]?.createdBy).toBe(`session:${sessionId}`);
    expect((await getBlob(relay, sha256, redeemed.grant)).bytes.equals(bytes)).toBe(true);
    expect((await getBlob(relay, sha256, admin.token)).bytes.equals(bytes)).toBe(true);
    expect((await getBlob(relay, sha256, bo.token)).status).toBe(404);
  });
});

describe('configuration', () => {
  it('reads MAX_FILE_BYTES, FILE_TYPES and FILE_QUOTA_BYTES, with the documented defaults when unset', () => {
    expect(loadConfig({}).files).toEqual({
      maxFileBytes: 25 * 1024 * 1024,
      fileTypes: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf', 'application/vnd.fieldbook.strokes+json'],
      quotaBytes: 1024 * 1024 * 1024,
      uploadExpiryMs: 7 * 24 * 60 * 60 * 1000,
      uploadSweepMs: 60 * 60 * 1000,
    });
    expect(loadConfig({ MAX_FILE_BYTES: '1000', FILE_TYPES: 'image/jpeg, Application/PDF', FILE_QUOTA_BYTES: '5000' }).files).toEqual({
      maxFileBytes: 1000,
      fileTypes: ['image/jpeg', 'application/pdf'],
      quotaBytes: 5000,
      uploadExpiryMs: 7 * 24 * 60 * 60 * 1000,
      uploadSweepMs: 60 * 60 * 1000,
    });
    expect(() => loadConfig({ FILE_TYPES: 'jpeg' })).toThrow(/FILE_TYPES/);
    expect(() => loadConfig({ MAX_FILE_BYTES: 'big' })).toThrow(/MAX_FILE_BYTES/);
  });
});
