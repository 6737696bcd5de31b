import { rmSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import type { UserId } from '../../../src/domain';
import { hashInviteCode, newInviteCode } from '../../src/auth/invite-codes';
import { DATABASE_FILE } from '../../src/db/database';
import { createInviteRepo } from '../../src/db/invite-repo';
import type { Change } from '../../../src/domain';
import { createServer } from '../../src/server';
import type { RunningServer, ServerOptions } from '../../src/server';
import { makeTempDir } from './temp-dir';

export interface TestServer {
  readonly url: string;
  readonly dataDir: string;
  readonly server: RunningServer;
  request(method: string, urlPath: string, init?: RequestOptions): Promise<TestResponse>;
  /**
   * Sign up and return the token and user. After the first account the relay asks for an
   * invite: the helper gets one from the first admin it signed up (or, when the admin was made
   * some other way, writes one straight into the database as an operator would).
   */
  signup(email: string, name?: string, password?: string): Promise<{ token: string; refreshToken: string; user: { id: string; role: string } }>;
  /** Make an invite as the first admin; `{id, code, url}`. */
  invite(options?: { email?: string; role?: 'admin' | 'member'; expiresAt?: number }): Promise<{ id: string; code: string; url: string }>;
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
  readonly refreshToken: string;
  readonly user: { id: string; email: string; name: string; role: string };
  readonly changes: Change[];
  readonly cursor: string;
  readonly hasMore: boolean;
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

  // The first admin this helper signed up; concurrent sign-ups that were asked for an invite wait for it.
  let admin: Promise<string | undefined> | undefined;
  const adminToken = async (): Promise<string | undefined> => (admin ? admin : undefined);
  const operatorInvite = (): { code: string } => {
    const db = new Database(path.join(dataDir, DATABASE_FILE));
    try {
      const code = newInviteCode();
      const adminRow = db.prepare<[], { id: string }>("SELECT id FROM users WHERE role = 'admin' ORDER BY created_at LIMIT 1").get();
      const at = (rest.now ?? Date.now)();
      const createdBy = (adminRow?.id ?? randomUUID()) as UserId;
      createInviteRepo(db).create({ id: randomUUID(), codeHash: hashInviteCode(code), role: 'member', createdBy, createdAt: at, expiresAt: at + 86_400_000 });
      return { code };
    } finally {
      db.close();
    }
  };
  const invite: TestServer['invite'] = async (options = {}) => {
    const token = await adminToken();
    if (token === undefined) throw new Error('invite: this helper has signed up no admin yet');
    const res = await request('POST', '/api/invites', { token, body: options });
    if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${res.text}`);
    return res.body as unknown as { id: string; code: string; url: string };
  };
  const post = (body: Record<string, string>) => request('POST', '/api/auth/signup', { body });

  return {
    url,
    dataDir,
    server,
    request,
    invite,
    async signup(email, name = 'Test User', password = 'correct horse battery') {
      let res: TestResponse;
      if (admin === undefined) {
        // Maybe the first account: try without an invite, and let others wait for the answer.
        const attempt = post({ email, password, name });
        admin = attempt.then((r) => (r.status === 201 && r.body.user.role === 'admin' ? r.body.token : undefined));
        res = await attempt;
        if (res.status === 201 && res.body.user.role !== 'admin') admin = undefined;
      } else {
        res = { status: 403 } as TestResponse;
      }
      if (res.status === 403) {
        // The admin's token may have expired under a test's clock: then the operator's way.
        const code = (await adminToken()) === undefined ? operatorInvite().code : await invite().then((i) => i.code, () => operatorInvite().code);
        res = await post({ email, password, name, invite: code });
      }
      if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${res.text}`);
      return res.body;
    },
    async close() {
      await server.close();
      if (!keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
