import { createHash, randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../src/db/database';
import { procedureDocument } from './helpers/records';
import { createLink, FORM, newToken, redeem } from './helpers/shares';
import type { Account } from './helpers/shares';
import { startTestServer } from './helpers/test-server';
import type { TestServer, TestServerOptions } from './helpers/test-server';

const T0 = 1_700_000_000_000;
let relay: TestServer;
let admin: Account;
let clock = T0;

async function start(options: TestServerOptions = {}): Promise<void> {
  clock = T0;
  relay = await startTestServer({ now: () => clock, redeemRateLimit: false, ...options });
  admin = await relay.signup('admin@site.example', 'Admin');
}
afterEach(async () => {
  await relay.close();
});

describe('POST /api/shares/redeem', () => {
  it('answers 200 {grant, document, version, shareLink} with the current version and only public link fields', async () => {
    await start();
    const { link, token } = await createLink(relay, admin, { label: 'Site visitors', maxUses: 5, expiresAt: T0 + 86_400_000 });
    const res = await redeem(relay, token);
    expect(res.status).toBe(200);
    expect(res.redeemed.document).toMatchObject({ id: FORM.document, currentVersionId: FORM.version });
    expect(res.redeemed.version).toMatchObject({ id: FORM.version, documentId: FORM.document });
    expect(res.redeemed.shareLink).toEqual({
      id: link.id,
      documentId: FORM.document,
      audience: 'external',
      label: 'Site visitors',
      maxUses: 5,
      expiresAt: T0 + 86_400_000,
      useCount: 1,
      creatorName: 'Admin',
    });
    expect(res.redeemed.grant).toMatch(/^eyJ/);
  });

  it('answers 404 link_not_found for a token no link has', async () => {
    await start();
    const res = await redeem(relay, newToken().token);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('link_not_found');
  });

  it('answers 410 link_expired once the clock passes expiresAt, also for a session that redeemed before', async () => {
    await start();
    const { token } = await createLink(relay, admin, { expiresAt: T0 + 60_000 });
    const sessionId = randomUUID();
    expect((await redeem(relay, token, sessionId)).status).toBe(200);
    clock = T0 + 60_000;
    for (const who of [sessionId, randomUUID()]) {
      const res = await redeem(relay, token, who);
      expect(res.status).toBe(410);
      expect(res.body.error.code).toBe('link_expired');
    }
  });

  it('answers 410 link_revoked for a revoked link', async () => {
    await start();
    const { link, token } = await createLink(relay, admin);
    await relay.request('POST', `/api/share-links/${link.id}/revoke`, { token: admin.token, body: {} });
    const res = await redeem(relay, token);
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('link_revoked');
  });

  it('rejects a redeemed token past maxUses with 410 link_used_up; the same session again costs nothing', async () => {
    await start();
    const { token } = await createLink(relay, admin, { maxUses: 2 });
    const first = randomUUID();
    expect((await redeem(relay, token, first)).redeemed.shareLink.useCount).toBe(1);
    const again = await redeem(relay, token, first);
    expect(again.status).toBe(200);
    expect(again.redeemed.shareLink.useCount).toBe(1);
    expect((await redeem(relay, token)).redeemed.shareLink.useCount).toBe(2);
    const third = await redeem(relay, token);
    expect(third.status).toBe(410);
    expect(third.body.error.code).toBe('link_used_up');
    // A session that already used the link still opens it once it is used up.
    expect((await redeem(relay, token, first)).status).toBe(200);
  });

  it('answers 401 sign_in_required for an internal link without a member, and redeems it as the member with one', async () => {
    await start();
    const member = await relay.signup('member@site.example', 'Member');
    const { token } = await createLink(relay, member, { audience: 'internal', maxUses: 5 });
    const anonymous = await redeem(relay, token);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('sign_in_required');
    const forged = await redeem(relay, token, randomUUID(), 'not-a-token');
    expect(forged.body.error.code).toBe('sign_in_required');
    const asAdmin = await redeem(relay, token, randomUUID(), admin.token);
    expect(asAdmin.status).toBe(200);
    // One use per member, whatever session id the device sends.
    expect((await redeem(relay, token, randomUUID(), admin.token)).redeemed.shareLink.useCount).toBe(1);
  });

  it('answers 422 for a body without a session id, without spending a use', async () => {
    await start();
    const { token } = await createLink(relay, admin, { maxUses: 1 });
    const res = await relay.request('POST', '/api/shares/redeem', { body: { token } });
    expect(res.status).toBe(422);
    expect((await redeem(relay, token)).status).toBe(200);
  });

  it('rate limits failed redemptions per IP with 429 rate_limited and Retry-After; successes do not count, and a valid token is never blocked', async () => {
    await start({ redeemRateLimit: { max: 3, timeWindowMs: 60_000 } });
    const { token } = await createLink(relay, admin);
    for (let i = 0; i < 5; i++) expect((await redeem(relay, token)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await redeem(relay, newToken().token)).status).toBe(404);
    const limited = await redeem(relay, newToken().token);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.headers.get('retry-after')).toBe('60');
    // Others' failures from the same address (a NAT, a proxy) never block a valid token.
    expect((await redeem(relay, token)).status).toBe(200);
    expect((await redeem(relay, newToken().token)).status).toBe(429);
    clock = T0 + 60_000;
    expect((await redeem(relay, newToken().token)).status).toBe(404);
  });

  it('answers 503 document_unavailable with Retry-After while the shared version is not on the relay: no use spent, not a counted failure', async () => {
    await start({ redeemRateLimit: { max: 2, timeWindowMs: 60_000 } });
    // The document is on the relay, its current version not yet (published later, or lost in a restore).
    const doc = procedureDocument();
    expect((await relay.request('PUT', `/api/documents/${doc.id}`, { token: admin.token, body: doc })).status).toBe(200);
    const { link, token } = await createLink(relay, admin, { documentId: doc.id, maxUses: 1 });
    for (let i = 0; i < 5; i++) {
      const res = await redeem(relay, token);
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('document_unavailable');
      expect(res.headers.get('retry-after')).toBe('30');
    }
    const feed = await relay.request('GET', '/api/changes?limit=1000', { token: admin.token });
    expect(feed.body.changes.find((c) => c.id === link.id)?.value).toMatchObject({ useCount: 0 });

    const version = { id: doc.currentVersionId, documentId: doc.id, version: 1, contentType: 'procedure', definition: { steps: [{ id: 's', title: 'Step', required: true }] }, publishedAt: T0, publishedBy: admin.user.id };
    expect((await relay.request('PUT', `/api/documents/${doc.id}/versions/${version.id}`, { token: admin.token, body: version })).status).toBe(200);
    // Five 503s later the IP is not rate limited, and the one use is still there.
    const ok = await redeem(relay, token);
    expect(ok.status).toBe(200);
    expect(ok.redeemed.shareLink.useCount).toBe(1);
    expect(ok.redeemed.version.id).toBe(version.id);
  });

  it('gives exactly maxUses = 10 successes to 1,000 concurrent redemptions by distinct sessions (real HTTP, Promise.all)', async () => {
    await start();
    const { link, token } = await createLink(relay, admin, { maxUses: 10 });
    const results = await Promise.all(Array.from({ length: 1000 }, () => redeem(relay, token)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 410)).toHaveLength(990);
    expect(new Set(results.filter((r) => r.status === 410).map((r) => r.body.error.code))).toEqual(new Set(['link_used_up']));
    const feed = await relay.request('GET', '/api/changes?limit=1000', { token: admin.token });
    expect(feed.body.changes.find((c) => c.id === link.id)?.value).toMatchObject({ useCount: 10 });
  });
});

describe('POST /api/shares/redeem session binding (sessionSecret)', () => {
  const secret = (): string => randomBytes(32).toString('base64url');
  const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

  it("refuses someone who knows the token and a recipient's session id (403 session_mismatch); the recipient's device still redeems", async () => {
    await start();
    const { token } = await createLink(relay, admin);
    const sessionId = randomUUID();
    const device = secret();
    const first = await redeem(relay, token, sessionId, undefined, device);
    expect(first.status).toBe(200);

    const hijack = await redeem(relay, token, sessionId, undefined, secret());
    expect(hijack.status).toBe(403);
    expect(hijack.body.error.code).toBe('session_mismatch');
    expect(hijack.text).not.toContain('grant');
    const without = await redeem(relay, token, sessionId, undefined, null);
    expect(without.status).toBe(422);
    expect(without.body.error.issues?.map((i) => i.path)).toEqual(['sessionSecret']);

    const again = await redeem(relay, token, sessionId, undefined, device);
    expect(again.status).toBe(200);
    expect(again.redeemed.shareLink.useCount).toBe(1);
  });

  it('binds the session id on every link: another link redeemed as a known session needs the same secret', async () => {
    await start();
    const a = await createLink(relay, admin);
    const b = await createLink(relay, admin);
    const sessionId = randomUUID();
    const device = secret();
    expect((await redeem(relay, a.token, sessionId, undefined, device)).status).toBe(200);
    const hijack = await redeem(relay, b.token, sessionId, undefined, secret());
    expect(hijack.status).toBe(403);
    expect(hijack.body.error.code).toBe('session_mismatch');
    expect((await redeem(relay, b.token, sessionId, undefined, device)).status).toBe(200);
  });

  it('stores only SHA-256 of the secret; a redemption from before binding is bound by the first secret presented', async () => {
    await start();
    const { link, token } = await createLink(relay, admin);
    const sessionId = randomUUID();
    const device = secret();
    expect((await redeem(relay, token, sessionId, undefined, device)).status).toBe(200);
    const db = new Database(path.join(relay.dataDir, DATABASE_FILE));
    try {
      const rows = db.prepare('SELECT * FROM share_redemptions WHERE link_id = ?').all(link.id);
      expect(rows).toEqual([{ link_id: link.id, principal: `session:${sessionId}`, redeemed_at: T0, secret_hash: sha256(device) }]);
      expect(JSON.stringify(rows)).not.toContain(device);
      // As if redeemed before session secrets existed.
      db.prepare('UPDATE share_redemptions SET secret_hash = NULL').run();
    } finally {
      db.close();
    }
    const upgraded = secret();
    expect((await redeem(relay, token, sessionId, undefined, upgraded)).status).toBe(200);
    expect((await redeem(relay, token, sessionId, undefined, device)).body.error.code).toBe('session_mismatch');
  });

  it('keeps sessionSecret optional for a member redeeming an internal link', async () => {
    await start();
    const member = await relay.signup('member@site.example', 'Member');
    const { token } = await createLink(relay, member, { audience: 'internal' });
    const res = await redeem(relay, token, randomUUID(), admin.token, null);
    expect(res.status).toBe(200);
  });

  it('counts session mismatches toward the failed-redemption limit', async () => {
    await start({ redeemRateLimit: { max: 2, timeWindowMs: 60_000 } });
    const { token } = await createLink(relay, admin);
    const sessionId = randomUUID();
    expect((await redeem(relay, token, sessionId, undefined, secret())).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await redeem(relay, token, sessionId, undefined, secret())).status).toBe(403);
    expect((await redeem(relay, token, sessionId, undefined, secret())).status).toBe(429);
  });
});
