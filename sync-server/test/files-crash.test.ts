/** SIGKILL of the relay in the middle of an upload: after a restart the upload resumes from its offset. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Upload } from 'tus-js-client';
import { afterEach, describe, expect, it } from 'vitest';
import { jpegBytes, sha256Of } from './helpers/files';
import { instanceFor } from './helpers/records';
import { killChildren, spawnRelayChild } from './helpers/child-relay';
import type { ChildRelay } from './helpers/child-relay';
import { tempDir } from './helpers/temp-dir';
import { deferred, waitFor } from './helpers/wait';

const CHILD = fileURLToPath(new URL('./helpers/server-child.ts', import.meta.url));
const CHUNK = 256 * 1024;

afterEach(() => {
  killChildren();
});

const spawnRelay = (dataDir: string): Promise<ChildRelay> => spawnRelayChild(CHILD, dataDir);

async function json(url: string, method: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

const tusHeaders = (token: string) => ({ authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' });

describe('upload across a relay crash', () => {
  it('resumes after SIGKILL mid-chunk from the stored offset: at most one chunk re-sent, the blob byte-identical', async () => {
    const tmp = tempDir();
    try {
      let relay = await spawnRelay(tmp.dir);
      const { token, user } = (await json(`${relay.url}/api/auth/signup`, 'POST', { email: 'ada@site.example', password: 'correct horse battery', name: 'Ada' })) as {
        token: string;
        user: { id: string };
      };
      const instance = instanceFor(user.id);
      await json(`${relay.url}/api/instances/${instance.id}`, 'PUT', instance, token);
      const bytes = jpegBytes(3 * CHUNK);
      const sha256 = sha256Of(bytes);
      const meta = [`sha256 ${Buffer.from(sha256).toString('base64')}`, `mime ${Buffer.from('image/jpeg').toString('base64')}`, `instanceId ${Buffer.from(instance.id).toString('base64')}`].join(',');

      // A device sends chunk 1 (acknowledged), then half of chunk 2 when the relay is killed.
      const created = await fetch(`${relay.url}/api/files`, { method: 'POST', headers: { ...tusHeaders(token), 'upload-length': String(bytes.length), 'upload-metadata': meta } });
      expect(created.status).toBe(201);
      const uploadUrl = new URL(created.headers.get('location') ?? '', relay.url).pathname;
      const first = await fetch(relay.url + uploadUrl, {
        method: 'PATCH',
        headers: { ...tusHeaders(token), 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
        body: bytes.subarray(0, CHUNK),
      });
      expect(first.status).toBe(204);
      const partial = path.join(tmp.dir, 'uploads', path.basename(uploadUrl));
      const sentBeforeKill = CHUNK + CHUNK / 2;
      const cut = deferred();
      const second = request(relay.url + uploadUrl, {
        method: 'PATCH',
        headers: { ...tusHeaders(token), 'upload-offset': String(CHUNK), 'content-type': 'application/offset+octet-stream', 'content-length': String(CHUNK) },
      });
      second.on('error', () => cut.resolve());
      second.on('response', () => cut.reject(new Error('the half-sent chunk was answered')));
      second.write(bytes.subarray(CHUNK, sentBeforeKill));
      await waitFor(() => existsSync(partial) && statSync(partial).size === sentBeforeKill, 'the relay to hold the half chunk');
      relay.child.kill('SIGKILL');
      await relay.exited;
      await waitFor(cut.promise, 'the device to see the connection cut');

      // Restarted on the same DATA_DIR: the stock client HEADs the upload and sends only the rest.
      relay = await spawnRelay(tmp.dir);
      let resumedAt: number | undefined;
      let sentAfter = 0;
      const done = deferred();
      const upload = new Upload(bytes, {
        uploadUrl: relay.url + uploadUrl,
        chunkSize: CHUNK,
        retryDelays: null,
        headers: { authorization: `Bearer ${token}` },
        onAfterResponse: (req, res) => {
          if (req.getMethod() === 'HEAD') resumedAt = Number(res.getHeader('Upload-Offset'));
        },
        onChunkComplete: (chunkSize) => {
          sentAfter += chunkSize;
        },
        onSuccess: () => done.resolve(),
        onError: (error) => done.reject(error),
      });
      upload.start();
      await waitFor(done.promise, 'the resumed upload to finish');

      expect(resumedAt).toBe(sentBeforeKill);
      expect(sentAfter).toBe(bytes.length - sentBeforeKill);
      const resent = sentBeforeKill - (resumedAt ?? 0);
      expect(resent).toBeLessThanOrEqual(CHUNK);
      const got = await fetch(`${relay.url}/api/blobs/${sha256}`, { headers: { authorization: `Bearer ${token}` } });
      expect(got.status).toBe(200);
      expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
      expect(readFileSync(path.join(tmp.dir, 'blobs', sha256.slice(0, 2), sha256)).equals(bytes)).toBe(true);
      relay.child.kill('SIGTERM');
      await relay.exited;
    } finally {
      tmp.remove();
    }
  }, 60_000);
});
