import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLink, recipientInstance, redeem } from './helpers/shares';
import type { Account } from './helpers/shares';
import { startTestServer } from './helpers/test-server';
import type { TestServer } from './helpers/test-server';

let relay: TestServer;
let admin: Account;

beforeEach(async () => {
  relay = await startTestServer({ redeemRateLimit: false });
  admin = await relay.signup('ana@site.example', 'Ana Admin');
});
afterEach(async () => {
  await relay.close();
});

/** The link as its creator's change feed has it now. */
async function linkInFeed(account: Account, linkId: string) {
  const res = await relay.request('GET', '/api/changes?limit=1000', { token: account.token });
  return res.body.changes.find((c) => c.kind === 'shareLink' && c.id === linkId)?.value as Record<string, unknown> | undefined;
}

/** A recipient opens the link and PUTs its instance (as its device's outbox does); returns the PUT's status. */
async function recipientRun(token: string, linkId: string) {
  const opened = await redeem(relay, token);
  expect(opened.status).toBe(200);
  const instance = recipientInstance(opened.sessionId, linkId);
  const put = (overrides: Record<string, unknown>) =>
    relay.request('PUT', `/api/instances/${instance.id}`, { token: opened.redeemed.grant, body: { ...instance, ...overrides } });
  expect((await put({})).status).toBe(200);
  return { put };
}

describe('recipients learn who sent the link', () => {
  it('names the link creator (display name only) in the redemption', async () => {
    const member = await relay.signup('mo@site.example', 'Mo Member');
    const { token } = await createLink(relay, admin);
    const internal = await createLink(relay, member, { audience: 'internal' });
    const res = await redeem(relay, token);
    expect(res.redeemed.shareLink.creatorName).toBe('Ana Admin');
    expect(JSON.stringify(res.redeemed.shareLink)).not.toContain('ana@site.example');
    expect(res.redeemed.shareLink).not.toHaveProperty('createdBy');
    expect((await redeem(relay, internal.token, randomUUID(), admin.token)).redeemed.shareLink.creatorName).toBe('Mo Member');
  });
});

describe('submissions per link', () => {
  it('counts people who opened the link and runs submitted through it, in the creator’s feed', async () => {
    const { link, token } = await createLink(relay, admin, { maxUses: 5 });
    expect(await linkInFeed(admin, link.id)).toMatchObject({ useCount: 0, submissionCount: 0 });

    const first = await recipientRun(token, link.id);
    const second = await recipientRun(token, link.id);
    await recipientRun(token, link.id);
    expect(await linkInFeed(admin, link.id)).toMatchObject({ useCount: 3, submissionCount: 0 });

    expect((await first.put({ status: 'submitted', submittedAt: 1_700_000_002_000 })).status).toBe(200);
    expect(await linkInFeed(admin, link.id)).toMatchObject({ useCount: 3, submissionCount: 1 });
    expect((await second.put({ status: 'submitted', submittedAt: 1_700_000_003_000 })).status).toBe(200);
    expect(await linkInFeed(admin, link.id)).toMatchObject({ useCount: 3, submissionCount: 2 });
  });

  it('counts a run once however often its submission is replayed, and never counts an abandoned run', async () => {
    const { link, token } = await createLink(relay, admin);
    const run = await recipientRun(token, link.id);
    const gaveUp = await recipientRun(token, link.id);
    const submitted = { status: 'submitted', submittedAt: 1_700_000_002_000 };
    for (let i = 0; i < 3; i += 1) expect((await run.put(submitted)).status).toBe(200);
    expect((await gaveUp.put({ status: 'abandoned', abandonedAt: 1_700_000_002_000, abandonReason: 'Opened by mistake' })).status).toBe(200);
    expect(await linkInFeed(admin, link.id)).toMatchObject({ useCount: 2, submissionCount: 1 });
  });

  it('ignores a submissionCount sent by the client', async () => {
    const { value } = await createLink(relay, admin, { submissionCount: 40 });
    expect(value.submissionCount).toBe(0);
  });
});
