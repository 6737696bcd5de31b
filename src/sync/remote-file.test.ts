import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { closeTestDbs, freshDb } from '../db/test-support';
import { getFile, pendingFiles, readFile, sha256Hex } from '../files';
import { fetchRemoteFile, RemoteFileMismatchError } from './remote-file';

afterEach(closeTestDbs);

const bytes = new TextEncoder().encode('a thumbnail, really').buffer;

describe('fetchRemoteFile', () => {
  it('keeps a file from the relay under its hash, as uploaded (never sent back), and asks only once', async () => {
    const db = freshDb();
    const sha = await sha256Hex(bytes);
    let asked = 0;
    const api = { blob: () => Promise.resolve((asked++, { bytes, mime: 'image/jpeg' })) };
    const row = await fetchRemoteFile(api, db, sha, 'thumbnail');
    expect(row).toMatchObject({ sha256: sha, mime: 'image/jpeg', role: 'thumbnail', state: 'uploaded' });
    expect(new Uint8Array((await readFile(db, sha)) ?? new Uint8Array())).toEqual(new Uint8Array(bytes));
    expect((await pendingFiles(db)).count).toBe(0);
    await fetchRemoteFile(api, db, sha, 'thumbnail');
    expect(asked).toBe(1);
  });

  it('stores nothing when the bytes are not the file named, and answers null when the relay has none for this person', async () => {
    const db = freshDb();
    const sha = 'a'.repeat(64);
    await expect(fetchRemoteFile({ blob: () => Promise.resolve({ bytes, mime: 'image/jpeg' }) }, db, sha, 'thumbnail')).rejects.toThrow(RemoteFileMismatchError);
    expect(await getFile(db, sha)).toBeUndefined();
    expect(await getFile(db, await sha256Hex(bytes))).toBeUndefined();
    expect(await fetchRemoteFile({ blob: () => Promise.resolve(null) }, db, sha, 'thumbnail')).toBeNull();
  });
});
