/**
 * Share grants (DESIGN §4): a grant is used like a member token, reaches only its own session's
 * instances made through its link (plus the shared document), and stops everywhere the moment
 * its link is revoked or expires (HTTP 410, websocket 4410).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { activityIdFor } from '../../src/domain';
import { CLOSE_CODES } from '../../src/protocol';
import type { InstanceId } from '../../src/domain';
import { SEED_IDS } from '../src/seed/seed';
import { instanceFor } from './helpers/records';
import { createLink, FORM, recipientInstance, redeem } from './helpers/shares';
import type { Account } from './helpers/shares';
import { startTestServer } from './helpers/test-server';
import type { TestServer, TestServerOptions } from './helpers/test-server';
import { connectYjs } from './helpers/yjs-client';
import type { YjsClient } from './helpers/yjs-client';
import { waitFor } from './helpers/wait';

const T0 = 1_700_000_000_000;
let relay: TestServer;
let admin: Account;
let member: Account;
let clock = T0;
let clients: YjsClient[] = [];

async function start(options: TestServerOptions = {}): Promise<void> {
  clock = T0;
  relay = await startTestServer({ now: () => clock, redeemRateLimit: false, ...options });
  admin = await relay.signup('admin@site.example', 'Admin');
  member = await relay.signup('member@site.example', 'Member');
}
afterEach(async () => {
  for (const c of clients) c.destroy();
  clients = [];
  await relay.close();
});

function client(room: string, token: string): YjsClient {
  const c = connectYjs(relay.url, room, token);
  clients.push(c);
  return c;
}

/** An external link by the admin, redeemed by a fresh session: its grant and link. */
async function recipient(overrides: Record<string, unknown> = {}) {
  const { link, token } = await createLink(relay, admin, overrides);
  const res = await redeem(relay, token);
  expect(res.status).toBe(200);
  return { link, grant: res.redeemed.grant, sessionId: res.sessionId };
}

async function putAs(token: string, body: { id: string } & Record<string, unknown>) {
  return relay.request('PUT', `/api/instances/${body.id}`, { token, body });
}

describe('grants on HTTP', () => {
  it('lets a grant PUT its own instance, and refuses other sessions, other links and other documents with 403', async () => {
    await start();
    const { link, grant, sessionId } = await recipient();
    expect((await putAs(grant, recipientInstance(sessionId, link.id))).status).toBe(200);
    for (const body of [
      recipientInstance(randomUUID(), link.id),
      recipientInstance(sessionId, randomUUID()),
      recipientInstance(sessionId, link.id, { sourceDocumentId: SEED_IDS.loto.document, contentType: 'procedure' }),
      instanceFor(admin.user.id),
    ]) {
      const res = await putAs(grant, body);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });

  it('checks PUT /api/activity the same way and refuses form_received from any client', async () => {
    await start();
    const { link, grant, sessionId } = await recipient();
    const instance = recipientInstance(sessionId, link.id);
    await putAs(grant, instance);
    const event = { id: activityIdFor('form_started', instance.id as InstanceId), type: 'form_started', sessionId, documentId: FORM.document, instanceId: instance.id, title: 'Incident report', createdAt: T0 };
    expect((await relay.request('PUT', `/api/activity/${event.id}`, { token: grant, body: event })).status).toBe(200);
    const otherSession = { ...event, id: randomUUID(), sessionId: randomUUID() };
    expect((await relay.request('PUT', `/api/activity/${otherSession.id}`, { token: grant, body: otherSession })).status).toBe(403);
    const otherDoc = { ...event, id: randomUUID(), documentId: SEED_IDS.loto.document };
    expect((await relay.request('PUT', `/api/activity/${otherDoc.id}`, { token: grant, body: otherDoc })).status).toBe(403);
    const forged = { ...event, id: activityIdFor('form_received', instance.id as InstanceId), type: 'form_received' };
    expect((await relay.request('PUT', `/api/activity/${forged.id}`, { token: grant, body: forged })).status).toBe(403);
    const byAdmin = { ...forged, sessionId: undefined, userId: admin.user.id };
    expect((await relay.request('PUT', `/api/activity/${forged.id}`, { token: admin.token, body: byAdmin })).status).toBe(403);
  });

  it("requires a grant's event to name its own instance on the relay (409 before it is there), with the derived id (422 at id)", async () => {
    await start();
    const { link, grant, sessionId } = await recipient();
    const instance = recipientInstance(sessionId, link.id);
    const event = { id: activityIdFor('form_started', instance.id as InstanceId), type: 'form_started', sessionId, documentId: FORM.document, instanceId: instance.id, title: 'Incident report', createdAt: T0 };
    const early = await relay.request('PUT', `/api/activity/${event.id}`, { token: grant, body: event });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('conflict');
    await putAs(grant, instance);
    const randomId = { ...event, id: randomUUID() };
    const bad = await relay.request('PUT', `/api/activity/${randomId.id}`, { token: grant, body: randomId });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues?.map((i) => i.path)).toEqual(['id']);
    // Another recipient of the same link cannot pre-empt this session's facts.
    const other = await recipient();
    const theirs = { ...event, id: activityIdFor('form_submitted', instance.id as InstanceId), type: 'form_submitted', sessionId: other.sessionId };
    expect((await relay.request('PUT', `/api/activity/${theirs.id}`, { token: other.grant, body: theirs })).status).toBe(403);
    expect((await relay.request('PUT', `/api/activity/${event.id}`, { token: grant, body: event })).status).toBe(200);
  });

  it('serves a grant a change feed of only its own records plus the shared document and its current version', async () => {
    await start();
    const { link, grant, sessionId } = await recipient();
    const other = await recipient();
    const mine = recipientInstance(sessionId, link.id);
    await putAs(grant, mine);
    await putAs(other.grant, recipientInstance(other.sessionId, other.link.id));
    await putAs(member.token, instanceFor(member.user.id));
    const feed = await relay.request('GET', '/api/changes?limit=1000', { token: grant });
    expect(feed.status).toBe(200);
    expect(feed.body.changes.map((c) => `${c.kind}:${c.id}`).sort()).toEqual([`document:${FORM.document}`, `instance:${mine.id}`, `version:${FORM.version}`].sort());
  });

  it('never takes one kind of token for the other: grants are refused on member routes, members on a recipient’s instance', async () => {
    await start();
    const { link, grant, sessionId } = await recipient();
    const me = await relay.request('GET', '/api/me', { token: grant });
    expect(me.status).toBe(403);
    const share = await createLink(relay, admin).catch(() => undefined);
    expect(share).toBeDefined();
    const asGrant = await relay.request('POST', `/api/share-links/${link.id}/revoke`, { token: grant, body: {} });
    expect(asGrant.status).toBe(403);
    const instance = recipientInstance(sessionId, link.id);
    expect((await putAs(admin.token, instance)).status).toBe(403);
    expect((await putAs(grant, instance)).status).toBe(200);
    expect((await putAs(member.token, { ...instance, status: 'submitted', submittedAt: T0 + 1 })).status).toBe(403);
  });

  it('answers 410 link_revoked / link_expired to a grant of a revoked or expired link', async () => {
    await start();
    const revoked = await recipient();
    const expiring = await recipient({ expiresAt: T0 + 60_000 });
    await relay.request('POST', `/api/share-links/${revoked.link.id}/revoke`, { token: admin.token, body: {} });
    const a = await putAs(revoked.grant, recipientInstance(revoked.sessionId, revoked.link.id));
    expect([a.status, a.body.error.code]).toEqual([410, 'link_revoked']);
    clock = T0 + 60_000;
    const b = await relay.request('GET', '/api/changes', { token: expiring.grant });
    expect([b.status, b.body.error.code]).toEqual([410, 'link_expired']);
    // Long after the grant's own expiry it is still 410, not a generic 401.
    clock = T0 + 40 * 24 * 60 * 60 * 1000;
    const c = await relay.request('GET', '/api/changes', { token: expiring.grant });
    expect([c.status, c.body.error.code]).toEqual([410, 'link_expired']);
  });
});

describe('grants on the websocket', () => {
  it('opens the grant’s own instance room read-write and refuses any other room with 4403', async () => {
    await start();
    const { link, grant, sessionId } = await recipient();
    const other = await recipient();
    const mine = recipientInstance(sessionId, link.id);
    const theirs = recipientInstance(other.sessionId, other.link.id);
    const members = instanceFor(member.user.id);
    await putAs(grant, mine);
    await putAs(other.grant, theirs);
    await putAs(member.token, members);
    const own = client(`instance:${mine.id}`, grant);
    await own.synced();
    own.doc.getMap('answers').set('location', 'Dock 4');
    await relay.server.rooms.relay.drain();
    const check = client(`instance:${mine.id}`, grant);
    await check.synced();
    await waitFor(() => check.doc.getMap('answers').get('location') === 'Dock 4', 'the recipient’s edit to be stored');
    for (const id of [theirs.id, members.id]) {
      expect(await client(`instance:${id}`, grant).nextClose()).toMatchObject({ code: CLOSE_CODES.forbidden });
    }
  });

  it('closes an open recipient websocket with 4410 when the link is revoked, and refuses to reopen it', async () => {
    await start();
    const { link, grant, sessionId } = await recipient();
    const instance = recipientInstance(sessionId, link.id);
    await putAs(grant, instance);
    const open = client(`instance:${instance.id}`, grant);
    await open.synced();
    const closed = open.nextClose();
    expect((await relay.request('POST', `/api/share-links/${link.id}/revoke`, { token: admin.token, body: {} })).status).toBe(200);
    expect(await closed).toMatchObject({ code: CLOSE_CODES.linkGone });
    expect(await client(`instance:${instance.id}`, grant).nextClose()).toMatchObject({ code: CLOSE_CODES.linkGone });
  });

  it('closes an open recipient websocket with 4410 within the sweep once the link expires (injected clock)', async () => {
    await start({ linkSweepMs: 20 });
    const { link, grant, sessionId } = await recipient({ expiresAt: T0 + 60_000 });
    const live = await recipient();
    const instance = recipientInstance(sessionId, link.id);
    const liveInstance = recipientInstance(live.sessionId, live.link.id);
    await putAs(grant, instance);
    await putAs(live.grant, liveInstance);
    const expiring = client(`instance:${instance.id}`, grant);
    const staying = client(`instance:${liveInstance.id}`, live.grant);
    await Promise.all([expiring.synced(), staying.synced()]);
    const closed = expiring.nextClose();
    clock = T0 + 60_000;
    expect(await closed).toMatchObject({ code: CLOSE_CODES.linkGone });
    expect(staying.closes).toEqual([]);
  });
});

describe('form_received and the link owner', () => {
  it('records exactly one form_received for the link creator when the form is submitted, even when PUT twice', async () => {
    await start();
    const { link, grant, sessionId } = await recipient();
    const instance = recipientInstance(sessionId, link.id);
    await putAs(grant, instance);
    const submitted = { ...instance, status: 'submitted', submittedAt: T0 + 5_000, lastActivityAt: T0 + 5_000 };
    expect((await putAs(grant, submitted)).status).toBe(200);
    expect((await putAs(grant, submitted)).status).toBe(200);
    const feed = await relay.request('GET', '/api/changes?limit=1000', { token: admin.token });
    const received = feed.body.changes.filter((c) => c.kind === 'activity' && (c.value as { type: string }).type === 'form_received');
    expect(received).toHaveLength(1);
    expect(received[0]?.value).toEqual({
      id: activityIdFor('form_received', instance.id as InstanceId),
      type: 'form_received',
      userId: admin.user.id,
      documentId: FORM.document,
      instanceId: instance.id,
      title: 'Incident report',
      createdAt: T0,
      metadata: { sessionId, shareLinkId: link.id },
    });
    // The owner reads the submitted instance through the feed; other members do not.
    expect(feed.body.changes.find((c) => c.kind === 'instance' && c.id === instance.id)?.value).toMatchObject({ status: 'submitted' });
    const others = await relay.request('GET', '/api/changes?limit=1000', { token: member.token });
    expect(others.body.changes.some((c) => c.id === instance.id || c.id === received[0]?.id)).toBe(false);
    // ...and the recipient does not see the owner's event.
    const own = await relay.request('GET', '/api/changes?limit=1000', { token: grant });
    expect(own.body.changes.some((c) => c.id === received[0]?.id)).toBe(false);
  });

  it('opens the submitted instance room to the link owner read-only, with the recipient’s values, and not to other members', async () => {
    await start();
    const { link, grant, sessionId } = await recipient();
    const instance = recipientInstance(sessionId, link.id);
    await putAs(grant, instance);
    const writer = client(`instance:${instance.id}`, grant);
    await writer.synced();
    writer.doc.getMap('answers').set('location', 'Dock 4');
    await relay.server.rooms.relay.drain();
    await putAs(grant, { ...instance, status: 'submitted', submittedAt: T0 + 5_000 });
    const owner = client(`instance:${instance.id}`, admin.token);
    await owner.synced();
    await waitFor(() => owner.doc.getMap('answers').get('location') === 'Dock 4', 'the owner to read the submitted values');
    const before = relay.server.rooms.relay.stats().droppedReadOnlyFrames;
    owner.doc.getMap('answers').set('location', 'changed by owner');
    await waitFor(() => relay.server.rooms.relay.stats().droppedReadOnlyFrames > before, 'the owner’s write to be dropped');
    expect(await client(`instance:${instance.id}`, member.token).nextClose()).toMatchObject({ code: CLOSE_CODES.forbidden });
  });
});
