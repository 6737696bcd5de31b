import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { markFailed, markSent, pendingOutbox } from '../db';
import type { FieldbookDB } from '../db';
import { T0, aDocument, closeTestDbs, freshDb, uuid } from '../db/test-support';
import type { UserId } from '../domain';
import { faultyFetch } from '../sync/test-relay';
import type { FaultyFetch } from '../sync/test-relay';
import { parseShareFragment } from './link';
import { createRevokeRequest } from './revoke-request';
import {
  createShareLink,
  endOfLocalDay,
  getShareToken,
  listShareLinks,
  revokeShareLink,
  shareLinkDisplayState,
  shareLinkOutbox,
} from './share-links';
import { shareTokenKey } from '../protocol';
import { closeShareRelays, startShareRelay } from './test-share-relay';
import type { ShareRelay } from './test-share-relay';
import { createShareToken, hashShareToken } from './token';

afterEach(async () => {
  await closeShareRelays();
  await closeTestDbs();
});

const ORIGIN = 'https://fieldbook.example';
const owner = uuid() as UserId;

describe('createShareLink', () => {
  it('writes the record with useCount and submissionCount 0 and its outbox entry, carrying only the token hash', async () => {
    const db = freshDb();
    const document = aDocument();
    const { link, token, url } = await createShareLink(db, {
      document,
      audience: 'external',
      expiresAt: T0 + 1000,
      maxUses: 10,
      label: '  Site visitors  ',
      createdBy: owner,
      now: T0,
      origin: ORIGIN,
    });

    expect(url).toBe(`${ORIGIN}/s#${token}`);
    expect(parseShareFragment(new URL(url).hash)).toEqual({ ok: true, token });
    expect(await db.shareLinks.get(link.id)).toEqual({
      id: link.id,
      documentId: document.id,
      audience: 'external',
      tokenHash: await hashShareToken(token),
      label: 'Site visitors',
      createdBy: owner,
      createdAt: T0,
      expiresAt: T0 + 1000,
      maxUses: 10,
      useCount: 0,
      submissionCount: 0,
    });
    const [entry, ...rest] = await pendingOutbox(db, 10);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ kind: 'shareLink', recordId: link.id, state: 'pending', value: link });
  });

  it('keeps the raw token only in this device kv, never in the record or the outbox', async () => {
    const db = freshDb();
    const { link, token } = await createShareLink(db, { document: aDocument(), audience: 'internal', createdBy: owner, now: T0, origin: ORIGIN });

    expect(await getShareToken(db, link.id)).toBe(token);
    expect((await db.kv.get(shareTokenKey(link.id)))?.value).toBe(token);
    expect(JSON.stringify(await db.shareLinks.toArray())).not.toContain(token);
    expect(JSON.stringify(await db.outbox.toArray())).not.toContain(token);
    expect(token.length * 6).toBeGreaterThanOrEqual(128);
  });

  it('leaves out optional fields that were not given', async () => {
    const db = freshDb();
    const { link } = await createShareLink(db, { document: aDocument(), audience: 'internal', label: '   ', createdBy: owner, now: T0, origin: ORIGIN });
    expect(Object.keys(link).sort()).toEqual(['audience', 'createdAt', 'createdBy', 'documentId', 'id', 'submissionCount', 'tokenHash', 'useCount']);
  });

  it('lists a document’s links newest first, and no other document’s', async () => {
    const db = freshDb();
    const document = aDocument();
    const first = await createShareLink(db, { document, audience: 'internal', createdBy: owner, now: T0, origin: ORIGIN });
    const second = await createShareLink(db, { document, audience: 'external', createdBy: owner, now: T0 + 5, origin: ORIGIN });
    await createShareLink(db, { document: aDocument(), audience: 'external', createdBy: owner, now: T0 + 9, origin: ORIGIN });
    expect((await listShareLinks(db, document.id)).map((l) => l.id)).toEqual([second.link.id, first.link.id]);
  });
});

describe('share link display state', () => {
  it('is "waiting" while an otherwise active link is still in the outbox, then the domain state', async () => {
    const db = freshDb();
    const { link } = await createShareLink(db, { document: aDocument(), audience: 'external', maxUses: 2, createdBy: owner, now: T0, origin: ORIGIN });
    const outbox = await shareLinkOutbox(db);
    expect(shareLinkDisplayState(link, T0, outbox.pending.has(link.id))).toBe('waiting');

    const [entry] = await pendingOutbox(db, 1);
    await markSent(db, entry?.seq ?? -1);
    const after = await shareLinkOutbox(db);
    expect(shareLinkDisplayState(link, T0, after.pending.has(link.id))).toBe('active');
    expect(shareLinkDisplayState({ ...link, useCount: 2 }, T0, false)).toBe('used_up');
    expect(shareLinkDisplayState({ ...link, expiresAt: T0 }, T0, true)).toBe('expired');
    expect(shareLinkDisplayState({ ...link, revokedAt: T0 }, T0, true)).toBe('revoked');
  });

  it('reports a write the relay refused, with its reason', async () => {
    const db = freshDb();
    const { link } = await createShareLink(db, { document: aDocument(), audience: 'external', createdBy: owner, now: T0, origin: ORIGIN });
    const [entry] = await pendingOutbox(db, 1);
    await markFailed(db, entry?.seq ?? -1, { status: 403, code: 'forbidden', message: 'members share internally only' });
    const outbox = await shareLinkOutbox(db);
    expect(outbox.pending.has(link.id)).toBe(false);
    expect(outbox.failed.get(link.id)?.code).toBe('forbidden');
  });

  it('ends a custom expiry date at the end of that local day', () => {
    const at = endOfLocalDay('2031-05-17');
    expect(at).toBe(new Date(2031, 4, 17, 23, 59, 59, 999).getTime());
    expect(endOfLocalDay('17/05/2031')).toBeUndefined();
  });
});

describe('revokeShareLink', () => {
  /** A link made on this device for the relay's document, PUT to the relay as the outbox would, its entry marked sent. */
  async function linkOnRelay(relay: ShareRelay, db: FieldbookDB) {
    const created = await createShareLink(db, { document: relay.document, audience: 'external', createdBy: relay.admin.user.id as UserId, now: T0, origin: ORIGIN });
    const res = await relay.server.request('PUT', `/api/share-links/${created.link.id}`, { token: relay.admin.token, body: created.link });
    expect(res.status).toBe(200);
    const [entry] = await pendingOutbox(db, 1);
    await markSent(db, entry?.seq ?? -1);
    return created;
  }
  const postThrough = (relay: ShareRelay, through: FaultyFetch) =>
    createRevokeRequest({ getToken: () => relay.admin.token, baseUrl: relay.server.url, fetch: through.fetch });

  it('writes revokedAt locally and into the outbox, then POSTs /revoke once the relay knows the link', async () => {
    const relay = await startShareRelay();
    const db = freshDb();
    const { link, token } = await linkOnRelay(relay, db);
    const through = faultyFetch();
    const result = await revokeShareLink(db, link, T0 + 50, postThrough(relay, through));

    expect(result.confirmed).toBe(true);
    expect((await db.shareLinks.get(link.id))?.revokedAt).toBe(T0 + 50);
    const [entry] = await pendingOutbox(db, 10);
    expect(entry).toMatchObject({ kind: 'shareLink', recordId: link.id, value: { revokedAt: T0 + 50 } });
    expect(through.requests).toHaveLength(1);
    const [request] = through.requests;
    expect(request?.path).toBe(`/api/share-links/${link.id}/revoke`);
    expect(request?.method).toBe('POST');
    expect(new Headers(request?.headers).get('Authorization')).toBe(`Bearer ${relay.admin.token}`);
    // The relay took it at once: the link no longer opens.
    const redeemed = await relay.server.request('POST', '/api/shares/redeem', { body: { token, sessionId: uuid(), sessionSecret: createShareToken() } });
    expect(redeemed.body.error.code).toBe('link_revoked');
  });

  it('offline: keeps the revocation in the outbox PUT and reports it unconfirmed', async () => {
    const relay = await startShareRelay();
    const db = freshDb();
    const { link } = await linkOnRelay(relay, db);
    const through = faultyFetch();
    through.fail({ kind: 'network' });

    const result = await revokeShareLink(db, link, T0 + 50, postThrough(relay, through));
    expect(result.confirmed).toBe(false);
    expect((await pendingOutbox(db, 10)).map((e) => (e.value as { revokedAt?: number }).revokedAt)).toEqual([T0 + 50]);
  });

  it('refused by the relay (a link it does not know): keeps the revocation in the outbox PUT and reports it unconfirmed', async () => {
    const relay = await startShareRelay();
    const db = freshDb();
    const { link } = await createShareLink(db, { document: relay.document, audience: 'external', createdBy: relay.admin.user.id as UserId, now: T0, origin: ORIGIN });
    const [created] = await pendingOutbox(db, 1);
    // Marked sent but never PUT: the relay answers 404.
    await markSent(db, created?.seq ?? -1);
    const through = faultyFetch();
    await expect(postThrough(relay, through)(link.id)).rejects.toMatchObject({ status: 404 });

    const result = await revokeShareLink(db, link, T0 + 50, postThrough(relay, through));
    expect(result.confirmed).toBe(false);
    expect((await pendingOutbox(db, 10)).map((e) => (e.value as { revokedAt?: number }).revokedAt)).toEqual([T0 + 50]);
  });

  it('does not POST for a link still waiting in the outbox: its PUT carries revokedAt', async () => {
    const relay = await startShareRelay();
    const db = freshDb();
    const { link } = await createShareLink(db, { document: relay.document, audience: 'external', createdBy: relay.admin.user.id as UserId, now: T0, origin: ORIGIN });
    const through = faultyFetch();
    const result = await revokeShareLink(db, link, T0 + 50, postThrough(relay, through));
    expect(through.requests).toEqual([]);
    expect(result.confirmed).toBe(false);
    const entries = await pendingOutbox(db, 10);
    expect(entries).toHaveLength(2);
    expect((entries[1]?.value as { revokedAt?: number }).revokedAt).toBe(T0 + 50);
  });

  it('keeps the first revocation time when revoked twice', async () => {
    const db = freshDb();
    const { link } = await createShareLink(db, { document: aDocument(), audience: 'external', createdBy: owner, now: T0, origin: ORIGIN });
    const once = await revokeShareLink(db, link, T0 + 50);
    await revokeShareLink(db, once.link, T0 + 90);
    expect((await db.shareLinks.get(link.id))?.revokedAt).toBe(T0 + 50);
  });
});
