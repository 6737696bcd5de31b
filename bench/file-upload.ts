/**
 * Issue 11: uploads over tus to the real relay (a child process, SQLite, DATA_DIR/blobs) against
 * a raw PUT of the same bytes on loopback, and what a cut connection costs when it resumes.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Upload } from 'tus-js-client';
import type { BenchRow, BenchSuite } from './types';

const CHILD = fileURLToPath(new URL('../sync-server/test/helpers/server-child.ts', import.meta.url));
const ROOT = path.resolve(path.dirname(CHILD), '../../..');
const MIB = 1024 * 1024;
const FILE_BYTES = 24 * MIB;
/** The device's chunk size (src/files/uploader.ts); BENCH_CHUNK_MIB tries another. */
const CHUNK = Number(process.env.BENCH_CHUNK_MIB ?? 4) * MIB;
const RUNS = 3;

const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function startRelay(dataDir: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`relay exited (${code})`)));
  });
  return { url, stop: () => child.kill('SIGKILL') };
}

/** The floor: a loopback server that streams the body to a file and fsyncs it, nothing else. */
async function startRawPut(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const out = createWriteStream(path.join(dir, randomUUID()), { flush: true });
    req.pipe(out);
    out.on('close', () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function metadataFor(bytes: Buffer, instanceId: string): Record<string, string> {
  return { sha256: sha256Of(bytes), mime: 'image/jpeg', instanceId };
}

function tusOnce(url: string, token: string, bytes: Buffer, instanceId: string, extra: Partial<ConstructorParameters<typeof Upload>[1]> = {}): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const upload: Upload = new Upload(bytes, {
      endpoint: `${url}/api/files`,
      headers: { authorization: `Bearer ${token}` },
      metadata: metadataFor(bytes, instanceId),
      chunkSize: CHUNK,
      retryDelays: null,
      ...extra,
      onSuccess: () => resolve(upload),
      onError: reject,
    });
    upload.start();
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export const run: BenchSuite = async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fieldbook-bench-files-'));
  const rawDir = mkdtempSync(path.join(tmpdir(), 'fieldbook-bench-raw-'));
  const relay = await startRelay(dataDir);
  const raw = await startRawPut(rawDir);
  try {
    const post = async (p: string, body: unknown, token?: string, method = 'POST'): Promise<Record<string, unknown>> => {
      const res = await fetch(`${relay.url}${p}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, unknown>;
    };
    const { token, user } = (await post('/api/auth/signup', { email: 'bench@site.example', password: 'correct horse battery', name: 'Bench' })) as { token: string; user: { id: string } };
    const instanceId = randomUUID();
    const now = Date.now();
    await post(
      `/api/instances/${instanceId}`,
      { id: instanceId, sourceDocumentId: randomUUID(), documentVersionId: randomUUID(), contentType: 'form', title: 'Bench', userId: user.id, status: 'in_progress', createdAt: now, startedAt: now, lastActivityAt: now },
      token,
      'PUT',
    );

    // Throughput: the same bytes through tus (4 MiB chunks, re-hashed and stored atomically) and through a raw PUT.
    const tusMs: number[] = [];
    const rawMs: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const bytes = randomBytes(FILE_BYTES);
      let start = performance.now();
      await fetch(raw.url, { method: 'PUT', body: bytes });
      rawMs.push(performance.now() - start);
      start = performance.now();
      await tusOnce(relay.url, token, bytes, instanceId);
      tusMs.push(performance.now() - start);
    }
    const mibPerS = (ms: number): number => FILE_BYTES / MIB / (ms / 1000);
    const tusRate = mibPerS(median(tusMs));
    const rawRate = mibPerS(median(rawMs));

    // A stopped upload (the page closed, the network dropped): abort during the second chunk, then resume from the relay's offset.
    const bytes = randomBytes(3 * CHUNK);
    let sentBeforeCut = 0;
    let uploadUrl = '';
    await new Promise<void>((resolve, reject) => {
      const upload: Upload = new Upload(bytes, {
        endpoint: `${relay.url}/api/files`,
        headers: { authorization: `Bearer ${token}` },
        metadata: metadataFor(bytes, instanceId),
        chunkSize: CHUNK,
        retryDelays: null,
        onProgress: (sent) => {
          if (sent >= CHUNK + CHUNK / 2 && uploadUrl === '') {
            sentBeforeCut = sent;
            uploadUrl = upload.url ?? '';
            void upload.abort().then(() => resolve(), reject);
          }
        },
        onSuccess: () => reject(new Error('finished before the cut')),
        onError: reject,
      });
      upload.start();
    });
    let resumedAt = 0;
    await tusOnce(relay.url, token, bytes, instanceId, {
      uploadUrl,
      onAfterResponse: (req, res) => {
        if (req.getMethod() === 'HEAD') resumedAt = Number(res.getHeader('Upload-Offset'));
      },
    });
    const resent = Math.max(0, sentBeforeCut - resumedAt);

    const rows: BenchRow[] = [
      {
        name: `upload throughput, ${FILE_BYTES / MIB} MiB over tus (${CHUNK / MIB} MiB chunks) vs a raw PUT, median of ${RUNS}`,
        value: tusRate,
        unit: 'MiB/s',
        budget: '>= 0.8x raw PUT',
        pass: tusRate >= 0.8 * rawRate,
        baseline: rawRate,
        ratio: `${(tusRate / rawRate).toFixed(2)}x raw PUT`,
        note: 'loopback; relay child (SQLite, re-hash on finish, atomic rename into DATA_DIR/blobs) vs a server that only streams the body to a file with fsync',
      },
      {
        name: 'bytes re-sent when a stopped upload resumes (stopped during its 2nd of 3 chunks)',
        value: resent / 1024,
        unit: 'KB',
        budget: `<= 1 chunk (${(CHUNK / 1024).toLocaleString('en')} KB)`,
        pass: resent <= CHUNK,
        baseline: sentBeforeCut / 1024,
        ratio: `${((100 * resent) / Math.max(1, sentBeforeCut)).toFixed(1)}% of what was sent before the cut`,
        note: `stopped at ${(sentBeforeCut / MIB).toFixed(1)} MiB sent of ${(bytes.length / MIB).toFixed(0)}; the relay's HEAD said offset ${(resumedAt / MIB).toFixed(2)} MiB (a relay SIGKILL mid-chunk: sync-server/test/files-crash.test.ts)`,
      },
    ];
    return rows;
  } finally {
    relay.stop();
    await raw.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(rawDir, { recursive: true, force: true });
  }
};
