import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Change } from '../../../src/domain';
import { createServer } from '../../src/server';
import type { RunningServer, ServerOptions } from '../../src/server';

export interface TestServer {
  readonly url: string;
  readonly dataDir: string;
  readonly server: RunningServer;
  request(method: string, urlPath: string, init?: RequestOptions): Promise<TestResponse>;
  /** Sign up and return the token and user. */
  signup(email: string, name?: string, password?: string): Promise<{ token: string; user: { id: string; role: string } }>;
  close(): Promise<void>;
}

export type TestServerOptions = Partial<ServerOptions> & {
  /** Keep the data directory on close (to restart on it). */
  readonly keepDataDir?: boolean;
  /** Add routes or hooks before the server starts. */
  readonly beforeListen?: (app: FastifyInstance) => void;
};

export interface RequestOptions {
  readonly body?: unknown;
  /** Sent verbatim instead of JSON-encoding `body`. */
  readonly rawBody?: string;
  readonly token?: string;
  readonly headers?: Record<string, string>;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body, typed as every response shape at once: tests assert which one it is. */
  readonly body: ApiBody;
  readonly text: string;
}

export interface ApiBody {
  readonly error: { code: string; message: string; issues?: { path: string; message: string }[] };
  readonly value: Record<string, unknown>;
  readonly token: string;
  readonly user: { id: string; email: string; name: string; role: string };
  readonly changes: Change[];
  readonly cursor: string;
  readonly hasMore: boolean;
}

export function makeTempDir(prefix = 'fieldbook-relay-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A real relay on port 0 over a fresh temp DATA_DIR (or the given one), with real SQLite files. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const { keepDataDir = false, beforeListen, ...rest } = options;
  const dataDir = rest.dataDir ?? makeTempDir();
  const server = createServer({
    staticDir: path.join(dataDir, 'no-static'),
    rateLimit: false,
    ...rest,
    dataDir,
    port: 0,
    host: '127.0.0.1',
  });
  beforeListen?.(server.app);
  const { url } = await server.listen();

  const request = async (method: string, urlPath: string, init: RequestOptions = {}): Promise<TestResponse> => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
    let body: string | undefined = init.rawBody;
    if (body === undefined && init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(url + urlPath, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed as ApiBody, text };
  };

  return {
    url,
    dataDir,
    server,
    request,
    async signup(email, name = 'Test User', password = 'correct horse battery') {
      const res = await request('POST', '/api/auth/signup', { body: { email, password, name } });
      if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${res.text}`);
      return res.body;
    },
    async close() {
      await server.close();
      if (!keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
