/**
 * A small relay for the uploader's tests: the blob routes and the tus 1.0.0 subset the device
 * uses (POST create, HEAD offset, PATCH append), on node:http at port 0. It checks the bearer
 * token, MAX_FILE_BYTES (413), accepted types (415), a byte quota and the hash on finish, as
 * DESIGN §5.1 asks of the real relay (sync-server, built alongside). Not imported by app code.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestTusRelayOptions {
  readonly token: string;
  readonly maxFileBytes?: number;
  readonly acceptedTypes?: readonly string[];
  readonly quotaBytes?: number;
  /** Runs the relay knows; undefined accepts any run id. */
  readonly knownInstances?: Set<string>;
}

interface TusUpload {
  length: number;
  offset: number;
  parts: Buffer[];
  metadata: Record<string, string>;
}

export interface TestTusRelay {
  readonly baseUrl: string;
  readonly blobs: Map<string, { bytes: Buffer; mime: string }>;
  /** `${sha256}/${instanceId}` */
  readonly refs: Set<string>;
  readonly requests: { method: string; path: string; authorized: boolean }[];
  /** Body bytes that reached the relay in PATCH requests, kept or not. */
  patchBytesReceived: number;
  /** PATCH requests seen so far. */
  patches: number;
  /** Cut the connection of the `nth` PATCH (1-based) once `after` of its body bytes arrived; its partial bytes are dropped. */
  cutPatch: { nth: number; after: number } | null;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, code: string, message: string) => {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Tus-Resumable': '1.0.0' });
  res.end(JSON.stringify({ error: { code, message } }));
};

function parseMetadata(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (header ?? '').split(',')) {
    const [key, value] = pair.trim().split(' ');
    if (key) out[key] = Buffer.from(value ?? '', 'base64').toString('utf8');
  }
  return out;
}

export async function startTestTusRelay(options: TestTusRelayOptions): Promise<TestTusRelay> {
  const uploads = new Map<string, TusUpload>();
  const maxFileBytes = options.maxFileBytes ?? 25 * 1024 * 1024;
  const accepted = new Set(options.acceptedTypes ?? ['image/jpeg', 'image/png', 'application/pdf']);
  let stored = 0;

  const relay: TestTusRelay = {
    baseUrl: '',
    blobs: new Map(),
    refs: new Set(),
    requests: [],
    patchBytesReceived: 0,
    patches: 0,
    cutPatch: null,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const finish = (upload: TusUpload, res: ServerResponse): boolean => {
    const bytes = Buffer.concat(upload.parts);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== upload.metadata.sha256) {
      json(res, 460, 'hash_mismatch', 'The bytes do not have the announced SHA-256');
      return false;
    }
    relay.blobs.set(sha256, { bytes, mime: upload.metadata.mime ?? 'application/octet-stream' });
    stored += bytes.byteLength;
    if (upload.metadata.instanceId) relay.refs.add(`${sha256}/${upload.metadata.instanceId}`);
    return true;
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://relay.test');
    const authorized = req.headers.authorization === `Bearer ${options.token}`;
    relay.requests.push({ method: req.method ?? '', path: url.pathname, authorized });
    if (!authorized) return json(res, 401, 'unauthenticated', 'Sign in again');

    const blob = /^\/api\/blobs\/([0-9a-f]{64})(?:\/refs\/([^/]+))?$/.exec(url.pathname);
    if (blob) {
      const [, sha256 = '', instanceId] = blob;
      const have = relay.blobs.get(sha256);
      if (instanceId === undefined && (req.method === 'HEAD' || req.method === 'GET')) {
        if (!have) return json(res, 404, 'not_found', 'No such file');
        res.writeHead(200, { 'Content-Type': have.mime, 'Content-Length': have.bytes.byteLength });
        return res.end(req.method === 'GET' ? have.bytes : undefined);
      }
      if (instanceId !== undefined && req.method === 'PUT') {
        const id = decodeURIComponent(instanceId);
        if (!have || (options.knownInstances && !options.knownInstances.has(id))) return json(res, 404, 'not_found', 'No such file or run');
        relay.refs.add(`${sha256}/${id}`);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end('{"ok":true}');
      }
    }

    if (url.pathname === '/api/files' && req.method === 'POST') {
      const length = Number(req.headers['upload-length']);
      const metadata = parseMetadata(req.headers['upload-metadata'] as string | undefined);
      if (!Number.isInteger(length) || !/^[0-9a-f]{64}$/.test(metadata.sha256 ?? '')) return json(res, 400, 'bad_request', 'Upload-Length and sha256 metadata are required');
      if (length > maxFileBytes) return json(res, 413, 'file_too_large', `Files are limited to ${maxFileBytes} bytes`);
      if (!accepted.has(metadata.mime ?? '')) return json(res, 415, 'unsupported_type', 'This type is not accepted');
      if (options.knownInstances && !options.knownInstances.has(metadata.instanceId ?? '')) return json(res, 404, 'not_found', 'No such run');
      if (options.quotaBytes !== undefined && stored + length > options.quotaBytes) return json(res, 403, 'quota_exceeded', 'Quota reached');
      const id = randomUUID();
      uploads.set(id, { length, offset: 0, parts: [], metadata });
      res.writeHead(201, { Location: `/api/files/${id}`, 'Tus-Resumable': '1.0.0' });
      return res.end();
    }

    const file = /^\/api\/files\/([0-9a-f-]+)$/.exec(url.pathname);
    const upload = file ? uploads.get(file[1] ?? '') : undefined;
    if (file && !upload) return json(res, 404, 'not_found', 'No such upload');
    if (upload && req.method === 'HEAD') {
      res.writeHead(200, { 'Upload-Offset': upload.offset, 'Upload-Length': upload.length, 'Cache-Control': 'no-store', 'Tus-Resumable': '1.0.0' });
      return res.end();
    }
    if (upload && req.method === 'PATCH') {
      if (Number(req.headers['upload-offset']) !== upload.offset) return json(res, 409, 'offset_mismatch', 'Wrong offset');
      relay.patches += 1;
      const cutAfter = relay.cutPatch?.nth === relay.patches ? relay.cutPatch.after : null;
      const body: Buffer[] = [];
      let received = 0;
      req.on('data', (chunk: Buffer) => {
        received += chunk.byteLength;
        relay.patchBytesReceived += chunk.byteLength;
        body.push(chunk);
        if (cutAfter !== null && received >= cutAfter) req.socket.destroy();
      });
      req.on('end', () => {
        if (req.socket.destroyed) return;
        const part = Buffer.concat(body);
        upload.parts.push(part);
        upload.offset += part.byteLength;
        if (upload.offset === upload.length && !finish(upload, res)) return;
        res.writeHead(204, { 'Upload-Offset': upload.offset, 'Tus-Resumable': '1.0.0' });
        res.end();
      });
      return;
    }
    json(res, 404, 'not_found', 'No such route');
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(relay, { baseUrl: `http://127.0.0.1:${port}` });
}
