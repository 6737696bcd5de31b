/**
 * The real relay for the loop tests (flusher, puller, live feed): an HTTP relay on port 0 with
 * real SQLite (sync-server/test/helpers/test-server.ts), reached with the real fetch through a
 * thin wrapper that records each request and, only where a test needs a failure the relay will
 * not produce on demand (a 500, a 429, a lost answer, a held answer), fails or holds a call.
 * CONVENTIONS 16a: no hand-written fake of our own relay. Test support only.
 */
import type { ChangeKind } from '../domain';
import { startTestServer } from '../../sync-server/test/helpers/test-server';
import type { TestServer } from '../../sync-server/test/helpers/test-server';
import { createApiClient } from './api-client';
import type { ApiClient } from './api-client';

/** What a request is made to go through: the relay, or an injected failure. */
export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly code: string }
  /** No answer at all: the request never reaches the relay. */
  | { readonly kind: 'network' }
  /** The relay stores the write, then the answer is lost on the way back. */
  | { readonly kind: 'lose-response' };

export interface RecordedRequest {
  readonly method: string;
  /** Path and query, without the origin. */
  readonly path: string;
  readonly headers: Record<string, string>;
}

export interface FaultyFetch {
  readonly fetch: typeof fetch;
  readonly requests: RecordedRequest[];
  /** PUT paths in the order they were asked for. */
  puts(): string[];
  /** Every later request (or those whose path `matches`) meets `fault`; null to let them through again. */
  fail(fault: Fault | null, matches?: (path: string) => boolean): void;
  /** Hold every later answer until `release` is called. */
  hold(): void;
  release(): void;
  /** How many requests were at the relay at the same time, at most. */
  readonly maxConcurrent: number;
  /** The text of every event stream (`text/event-stream`) answered so far, as the client read it. */
  streamed(): string;
}

const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** The real fetch, recorded, with failures injected on demand. */
export function faultyFetch(): FaultyFetch {
  const requests: RecordedRequest[] = [];
  const rules: { fault: Fault; matches: (path: string) => boolean }[] = [];
  let gate: Promise<void> | null = null;
  let open: () => void = () => undefined;
  let concurrent = 0;
  let maxConcurrent = 0;
  let streamed = '';
  const decoder = new TextDecoder();
  /** Pass an event stream through unchanged, keeping a copy of what went by. */
  const recordStream = (response: Response): Response => {
    if (response.body === null || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) return response;
    const copy = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        streamed += decoder.decode(chunk, { stream: true });
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(copy), { status: response.status, headers: response.headers });
  };

  const wrapped = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input instanceof URL ? input.href : input);
    const path = url.pathname + url.search;
    requests.push({ method: init.method ?? 'GET', path, headers: { ...(init.headers as Record<string, string> | undefined) } });
    const fault = rules.find((rule) => rule.matches(path))?.fault;
    if (fault?.kind === 'network') throw new TypeError('Failed to fetch');
    if (fault?.kind === 'status') return json(fault.status, { error: { code: fault.code, message: `refused with ${fault.code}` } });
    concurrent += 1;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    try {
      const response = await fetch(url, init);
      if (gate !== null) await gate;
      if (fault?.kind === 'lose-response') {
        await response.body?.cancel();
        throw new TypeError('Network connection lost');
      }
      return recordStream(response);
    } finally {
      concurrent -= 1;
    }
  };

  return {
    fetch: wrapped,
    requests,
    puts: () => requests.filter((r) => r.method === 'PUT').map((r) => r.path),
    fail(fault, matches = () => true) {
      rules.length = 0;
      if (fault !== null) rules.push({ fault, matches });
    },
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      gate = null;
      open();
    },
    get maxConcurrent() {
      return maxConcurrent;
    },
    streamed: () => streamed,
  };
}

export interface Workspace {
  readonly server: TestServer;
  /** The first account: the workspace admin. */
  readonly admin: { readonly token: string; readonly user: { readonly id: string } };
  /** The API client of `token` (default the admin's) through `through` (default a fresh faulty fetch). */
  client(options?: { token?: string; through?: FaultyFetch }): ApiClient;
  /** The records the relay holds now, as the admin's change feed brings them: `kind:id` -> value. */
  stored(): Promise<Map<string, unknown>>;
}

let running: TestServer[] = [];

/** A fresh relay with its first admin. Call `closeRelays` in afterEach. */
export async function startWorkspace(): Promise<Workspace> {
  const server = await startTestServer();
  running.push(server);
  const admin = await server.signup('admin@site.example', 'Ada Admin');
  return {
    server,
    admin,
    client: ({ token = admin.token, through = faultyFetch() } = {}) => createApiClient({ baseUrl: server.url, getToken: () => token, fetch: through.fetch }),
    async stored() {
      const out = new Map<string, unknown>();
      let since: string | undefined;
      for (;;) {
        const res = await server.request('GET', `/api/changes?limit=1000${since !== undefined ? `&since=${encodeURIComponent(since)}` : ''}`, { token: admin.token });
        for (const change of res.body.changes) out.set(storedKey(change.kind, change.id), change.value);
        since = res.body.cursor;
        if (!res.body.hasMore) return out;
      }
    },
  };
}

export const storedKey = (kind: ChangeKind, id: string): string => `${kind}:${id}`;

export async function closeRelays(): Promise<void> {
  const servers = running;
  running = [];
  await Promise.all(servers.map((server) => server.close()));
}
