import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLink, FORM, redeem, shareLinkBody } from './helpers/shares';
import type { Account } from './helpers/shares';
import { startTestServer } from './helpers/test-server';
import type { TestServer } from './helpers/test-server';

let relay: TestServer;
let admin: Account;
let member: Account;

beforeEach(async () => {
  relay = await startTestServer({ redeemRateLimit: false });
  admin = await relay.signup('admin@site.example', 'Admin');
  member = await relay.signup('member@site.example', 'Member');
});
afterEach(async () => {
  await relay.close();
});

describe('PUT /api/share-links/:id', () => {
  it('stores a link; a replay with the same tokenHash is an idempotent 200 and the relay owns useCount', async () => {
    const { link } = shareLinkBody(admin.user.id, { label: 'Contractors', maxUses: 3 });
    const first = await relay.request('PUT', `/api/share-links/${link.id}`, { token: admin.token, body: link });
    expect(first.status).toBe(200);
    expect(first.body.value).toEqual({ ...link, submissionCount: 0 });
    const replay = await relay.request('PUT', `/api/share-links/${link.id}`, { token: admin.token, body: { ...link, useCount: 99 } });
    expect(replay.status).toBe(200);
    expect(replay.body.value).toEqual({ ...link, submissionCount: 0 });
  });

  it('ignores the client useCount on create', async () => {
    const { link } = shareLinkBody(admin.user.id, { useCount: 7 });
    const res = await relay.request('PUT', `/api/share-links/${link.id}`, { token: admin.token, body: link });
    expect(res.body.value.useCount).toBe(0);
  });

  it('answers 409 conflict for the same id with a different tokenHash, and for a tokenHash another link has', async () => {
    const { link } = await createLink(relay, admin);
    const other = shareLinkBody(admin.user.id).link;
    const sameId = await relay.request('PUT', `/api/share-links/${link.id}`, { token: admin.token, body: { ...link, tokenHash: other.tokenHash } });
    expect(sameId.status).toBe(409);
    expect(sameId.body.error.code).toBe('conflict');
    const sameHash = await relay.request('PUT', `/api/share-links/${other.id}`, { token: admin.token, body: { ...other, tokenHash: link.tokenHash } });
    expect(sameHash.status).toBe(409);
  });

  it('lets members create internal links only (403 forbidden for external); admins create both', async () => {
    const external = shareLinkBody(member.user.id, { audience: 'external' }).link;
    const refused = await relay.request('PUT', `/api/share-links/${external.id}`, { token: member.token, body: external });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    await expect(createLink(relay, member, { audience: 'internal' })).resolves.toBeDefined();
    await expect(createLink(relay, admin, { audience: 'internal' })).resolves.toBeDefined();
    await expect(createLink(relay, admin, { audience: 'external' })).resolves.toBeDefined();
  });

  it('refuses createdBy other than the caller (403), an unknown document (422), no token (401)', async () => {
    const forged = shareLinkBody(admin.user.id, { audience: 'internal' }).link;
    expect((await relay.request('PUT', `/api/share-links/${forged.id}`, { token: member.token, body: forged })).status).toBe(403);
    const unknownDoc = shareLinkBody(admin.user.id, { documentId: randomUUID() }).link;
    const res = await relay.request('PUT', `/api/share-links/${unknownDoc.id}`, { token: admin.token, body: unknownDoc });
    expect(res.status).toBe(422);
    expect(res.body.error.issues).toEqual([expect.objectContaining({ path: 'documentId' }) as unknown]);
    expect((await relay.request('PUT', `/api/share-links/${forged.id}`, { body: forged })).status).toBe(401);
  });

  it('keeps revokedAt final: the first revocation wins and a later PUT without it never undoes it', async () => {
    const { link } = await createLink(relay, admin);
    const revoked = await relay.request('PUT', `/api/share-links/${link.id}`, { token: admin.token, body: { ...link, revokedAt: 1_700_000_005_000 } });
    expect(revoked.body.value.revokedAt).toBe(1_700_000_005_000);
    const later = await relay.request('PUT', `/api/share-links/${link.id}`, { token: admin.token, body: { ...link, revokedAt: 1_700_000_009_000 } });
    expect(later.body.value.revokedAt).toBe(1_700_000_005_000);
    const without = await relay.request('PUT', `/api/share-links/${link.id}`, { token: admin.token, body: link });
    expect(without.body.value.revokedAt).toBe(1_700_000_005_000);
  });
});

describe('POST /api/share-links/:id/revoke', () => {
  it('revokes for the creator or an admin only, is idempotent, and the link stops redeeming at once', async () => {
    const { link, token } = await createLink(relay, member, { audience: 'internal' });
    const other = await relay.signup('other@site.example', 'Other');
    const refused = await relay.request('POST', `/api/share-links/${link.id}/revoke`, { token: other.token, body: {} });
    expect(refused.status).toBe(403);
    const byAdmin = await relay.request('POST', `/api/share-links/${link.id}/revoke`, { token: admin.token, body: {} });
    expect(byAdmin.status).toBe(200);
    expect(typeof byAdmin.body.value.revokedAt).toBe('number');
    const again = await relay.request('POST', `/api/share-links/${link.id}/revoke`, { token: member.token, body: {} });
    expect(again.body.value.revokedAt).toBe(byAdmin.body.value.revokedAt);
    const res = await redeem(relay, token, randomUUID(), member.token);
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('link_revoked');
    expect((await relay.request('POST', `/api/share-links/${randomUUID()}/revoke`, { token: admin.token, body: {} })).status).toBe(404);
  });
});

describe('share links in the change feed', () => {
  it('shows a link, and each use, to its creator and admins, never to other members', async () => {
    const { link, token } = await createLink(relay, member, { audience: 'internal', maxUses: 10 });
    const other = await relay.signup('other@site.example', 'Other');
    expect((await redeem(relay, token, randomUUID(), other.token)).status).toBe(200);
    const linkIn = async (account: Account) =>
      (await relay.request('GET', '/api/changes?limit=1000', { token: account.token })).body.changes.find((c) => c.kind === 'shareLink' && c.id === link.id);
    expect((await linkIn(member))?.value).toMatchObject({ id: link.id, useCount: 1, tokenHash: link.tokenHash });
    expect((await linkIn(admin))?.value).toMatchObject({ useCount: 1 });
    expect(await linkIn(other)).toBeUndefined();
    expect(FORM.document).toBe(link.documentId);
  });
});
