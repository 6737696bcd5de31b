import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
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

  it('rate limits failed redemptions per IP with 429 rate_limited and Retry-After; successes do not count', async () => {
    await start({ redeemRateLimit: { max: 3, timeWindowMs: 60_000 } });
    const { token } = await createLink(relay, admin);
    for (let i = 0; i < 5; i++) expect((await redeem(relay, token)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await redeem(relay, newToken().token)).status).toBe(404);
    const limited = await redeem(relay, newToken().token);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.headers.get('retry-after')).toBe('60');
    // Even a good token waits until the window ends.
    expect((await redeem(relay, token)).status).toBe(429);
    clock = T0 + 60_000;
    expect((await redeem(relay, token)).status).toBe(200);
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
