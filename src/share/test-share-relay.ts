/**
 * The real relay for the share tests (redeem, open, revoke): an HTTP relay on port 0 with real
 * SQLite (sync-server/test/helpers/test-server.ts) and a clock the test moves, its first admin,
 * one published document, and links PUT as the owner's outbox would. The client reaches it with
 * the real fetch (src/sync/test-relay.ts `faultyFetch`); only what the relay will not produce on
 * demand (a 5xx, a proxy's page, an unknown refusal code, a body off the contract) is made by
 * wrapping that fetch for the call. CONVENTIONS 16a: no hand-written fake of our own relay.
 * Test support only.
 */
import { startTestServer } from '../../sync-server/test/helpers/test-server';
import type { TestServer, TestServerOptions } from '../../sync-server/test/helpers/test-server';
import { createLink, newToken } from '../../sync-server/test/helpers/shares';
import type { Account } from '../../sync-server/test/helpers/shares';
import { aDocument, aVersion } from '../db/test-support';
import type { ContentDocument, DocumentVersion, UserId } from '../domain';
import { faultyFetch } from '../sync/test-relay';
import type { FaultyFetch } from '../sync/test-relay';
import type { RedeemClientOptions } from './redeem';

export interface ShareRelay {
  readonly server: TestServer;
  readonly admin: Account;
  /** The published document every link of `link()` shares. */
  readonly document: ContentDocument;
  readonly version: DocumentVersion;
  /** The relay's clock (epoch ms); set it to move time on the relay. */
  now: number;
  /** PUT a link (default external, no expiry, no cap) as the admin; its raw token too. */
  link(overrides?: Record<string, unknown>): Promise<{ readonly id: string; readonly token: string }>;
  /** `POST /api/share-links/:id/revoke` as the admin. */
  revoke(linkId: string): Promise<void>;
  /** Client options for `redeemShareToken` through `through` (default a fresh faulty fetch). */
  client(through?: FaultyFetch | typeof fetch): RedeemClientOptions;
}

let running: TestServer[] = [];

/** A fresh relay (failure limit off unless given) with its admin and a published form. Call `closeShareRelays` in afterEach. */
export async function startShareRelay(options: TestServerOptions = {}): Promise<ShareRelay> {
  const relay: { now: number } = { now: Date.now() };
  const server = await startTestServer({ now: () => relay.now, redeemRateLimit: false, ...options });
  running.push(server);
  const admin = await server.signup('admin@site.example', 'Ana Admin');
  const createdBy = admin.user.id as UserId;
  const document = aDocument({ contentType: 'form', title: 'Visitor sign-in', createdBy });
  const version = aVersion(document.id, {
    id: document.currentVersionId,
    contentType: 'form',
    publishedBy: createdBy,
    definition: { fields: [{ id: 'name', label: 'Your name', kind: 'text', required: true }] },
  });
  const put = async (path: string, body: unknown): Promise<void> => {
    const res = await server.request('PUT', path, { token: admin.token, body });
    if (res.status !== 200) throw new Error(`PUT ${path}: ${res.status} ${res.text}`);
  };
  await put(`/api/documents/${document.id}/versions/${version.id}`, version);
  await put(`/api/documents/${document.id}`, document);
  return Object.assign(relay, {
    server,
    admin,
    document,
    version,
    async link(overrides: Record<string, unknown> = {}) {
      const { link, token } = await createLink(server, admin, { documentId: document.id, ...overrides });
      return { id: link.id, token };
    },
    async revoke(linkId: string) {
      const res = await server.request('POST', `/api/share-links/${linkId}/revoke`, { token: admin.token, body: {} });
      if (res.status !== 200) throw new Error(`revoke: ${res.status} ${res.text}`);
    },
    client(through: FaultyFetch | typeof fetch = faultyFetch()): RedeemClientOptions {
      return { baseUrl: server.url, fetch: typeof through === 'function' ? through : through.fetch };
    },
  });
}

export async function closeShareRelays(): Promise<void> {
  const servers = running;
  running = [];
  await Promise.all(servers.map((server) => server.close()));
}

/** The address of a relay that has stopped: a real connection refused, the device is as good as offline. */
export async function stoppedRelayUrl(): Promise<string> {
  const server = await startTestServer();
  await server.close();
  return server.url;
}

/** A token no link has. */
export const unknownToken = (): string => newToken().token;

/**
 * The real fetch, except that its next call is answered by `answer` (a proxy in front of the
 * relay, a relay that fails) without reaching the relay; later calls go through.
 */
export function answeredOnce(answer: () => Response, through: typeof fetch = faultyFetch().fetch): typeof fetch {
  let used = false;
  return (input, init) => {
    if (used) return through(input, init);
    used = true;
    return Promise.resolve(answer());
  };
}

/** The real fetch, with the relay's JSON answer changed by `edit` on the way back. */
export function editedAnswer(edit: (body: Record<string, unknown>) => unknown, through: typeof fetch = faultyFetch().fetch): typeof fetch {
  return async (input, init) => {
    const response = await through(input, init);
    const body = (await response.json()) as Record<string, unknown>;
    return new Response(JSON.stringify(edit(body)), { status: response.status, headers: response.headers });
  };
}
