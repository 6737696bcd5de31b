import { afterEach, describe, expect, it } from 'vitest';
import { instanceFor } from './helpers/records';
import { createLink, recipientInstance, redeem } from './helpers/shares';
import { startTestServer } from './helpers/test-server';
import type { TestServer, TestServerOptions } from './helpers/test-server';

const T0 = 1_700_000_000_000;
let relay: TestServer;
let clock = T0;
afterEach(async () => {
  await relay.close();
});

async function start(options: TestServerOptions = {}) {
  clock = T0;
  relay = await startTestServer({ now: () => clock, redeemRateLimit: false, ...options });
  const admin = await relay.signup('admin@site.example', 'Admin');
  return admin;
}

const put = (token: string, body: { id: string } & Record<string, unknown>) => relay.request('PUT', `/api/instances/${body.id}`, { token, body });

describe('record quotas (API.md "Quotas")', () => {
  it('refuses a share-link session its 4th instance with 403 quota_exceeded; replays of stored ones still pass', async () => {
    const admin = await start({ recordQuotas: { instancesPerSession: 3 } });
    const { link, token } = await createLink(relay, admin);
    const { redeemed, sessionId } = await redeem(relay, token);
    const stored = [0, 1, 2].map(() => recipientInstance(sessionId, link.id));
    for (const instance of stored) expect((await put(redeemed.grant, instance)).status).toBe(200);
    const refused = await put(redeemed.grant, recipientInstance(sessionId, link.id));
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('quota_exceeded');
    expect((await put(redeemed.grant, stored[0]!)).status).toBe(200);
    expect((await put(redeemed.grant, { ...stored[1]!, status: 'submitted', submittedAt: T0 + 5 })).status).toBe(200);
  });

  it('limits forms submitted through one grant per minute with 429 quota_exceeded and Retry-After', async () => {
    const admin = await start({ recordQuotas: { submissionsPerGrantPerMinute: 2 } });
    const { link, token } = await createLink(relay, admin);
    const { redeemed, sessionId } = await redeem(relay, token);
    const submitted = () => recipientInstance(sessionId, link.id, { status: 'submitted', submittedAt: T0 + 1 });
    expect((await put(redeemed.grant, submitted())).status).toBe(200);
    expect((await put(redeemed.grant, submitted())).status).toBe(200);
    const limited = await put(redeemed.grant, submitted());
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('quota_exceeded');
    expect(limited.headers.get('retry-after')).toBe('60');
    // An in-progress run is not a submission, and the next minute opens again.
    expect((await put(redeemed.grant, recipientInstance(sessionId, link.id))).status).toBe(200);
    clock = T0 + 60_000;
    expect((await put(redeemed.grant, submitted())).status).toBe(200);
  });

  it('limits new instances per member per hour with 429 quota_exceeded; updates of stored ones pass', async () => {
    // Tokens outlive the hour the test waits (access tokens last 1 h by default).
    await start({ recordQuotas: { instancesPerMemberPerHour: 2 }, tokenLifetimes: { accessSeconds: 7_200, refreshSeconds: 86_400 } });
    const { token, user } = await relay.signup('crew@site.example', 'Crew');
    const first = instanceFor(user.id);
    expect((await put(token, first)).status).toBe(200);
    expect((await put(token, instanceFor(user.id))).status).toBe(200);
    const limited = await put(token, instanceFor(user.id));
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('quota_exceeded');
    expect(limited.headers.get('retry-after')).toBe('3600');
    expect((await put(token, { ...first, status: 'completed', completedAt: T0 + 9 })).status).toBe(200);
    clock = T0 + 3_600_000;
    expect((await put(token, instanceFor(user.id))).status).toBe(200);
  });
});
