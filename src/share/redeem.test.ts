import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { T0, aDocument, aVersion, closeTestDbs, freshDb, uuid } from '../db/test-support';
import type { FieldbookDB } from '../db';
import type { SessionId, ShareLinkId } from '../domain';
import { captureShareFragment, takeCapturedFragment, watchShareFragment } from './fragment';
import { openShareLink } from './open-link';
import { describeOpenFailure, parseRetryAfter, redeemShareToken } from './redeem';
import type { RedeemResult } from './redeem';
import { listRedeemedLinks } from './recipient-store';
import { RECIPIENT_SECRET_KEY, RECIPIENT_SESSION_KEY, recipientSessionId, recipientSessionSecret, resetRecipientSessionMemo } from './recipient-session';
import { createShareToken } from './token';

afterEach(closeTestDbs);

const sessionId = uuid() as SessionId;
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const errorBody = (code: string) => ({ error: { code, message: `relay says ${code}` } });

function aRedemption(audience: 'internal' | 'external' = 'external') {
  const document = aDocument({ contentType: 'form', title: 'Visitor sign-in' });
  const version = aVersion(document.id, { id: document.currentVersionId });
  return {
    grant: 'grant-abc',
    document,
    version,
    shareLink: { id: uuid() as ShareLinkId, documentId: document.id, audience, expiresAt: T0 + 1_000_000, maxUses: 5, useCount: 1, creatorName: 'Ana Admin' },
  };
}

async function redeemWith(response: Response | Error): Promise<RedeemResult> {
  const fetch = vi.fn<typeof globalThis.fetch>(() => (response instanceof Error ? Promise.reject(response) : Promise.resolve(response)));
  return redeemShareToken({ token: createShareToken(), sessionId }, { fetch });
}

const messageOf = (result: RedeemResult): string => {
  if (result.ok) throw new Error('expected a failure');
  return describeOpenFailure(result);
};

describe('redeemShareToken', () => {
  it('POSTs {token, sessionId} as JSON to /api/shares/redeem, with no Authorization for an anonymous recipient', async () => {
    const token = createShareToken();
    const fetch = vi.fn<typeof globalThis.fetch>(() => Promise.resolve(json(200, aRedemption())));
    const result = await redeemShareToken({ token, sessionId }, { fetch });
    expect(result.ok).toBe(true);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('/api/shares/redeem');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(init?.body as string)).toEqual({ token, sessionId });
    const headers = new Headers(init?.headers);
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(headers.has('Authorization')).toBe(false);
    expect(init?.referrerPolicy).toBe('no-referrer');
  });

  it("sends this device's session secret with its own session id (kept next to it, stable), and none for another session id", async () => {
    resetRecipientSessionMemo();
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const own = recipientSessionId(storage);
    const secret = store.get(RECIPIENT_SECRET_KEY);
    expect(store.get(RECIPIENT_SESSION_KEY)).toBe(own);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const fetch = vi.fn<typeof globalThis.fetch>(() => Promise.resolve(json(200, aRedemption())));
    const token = createShareToken();
    await redeemShareToken({ token, sessionId: own }, { fetch });
    await redeemShareToken({ token, sessionId: own }, { fetch });
    await redeemShareToken({ token, sessionId }, { fetch });
    const bodies = fetch.mock.calls.map(([, init]) => JSON.parse(init?.body as string) as Record<string, unknown>);
    expect(bodies).toEqual([{ token, sessionId: own, sessionSecret: secret }, { token, sessionId: own, sessionSecret: secret }, { token, sessionId }]);

    // A page load later (memo gone) the stored secret is read back, not replaced.
    resetRecipientSessionMemo();
    expect(recipientSessionSecret(own, storage)).toBe(secret);
    expect(recipientSessionSecret(sessionId, storage)).toBeUndefined();
    // A device that has a session id from before secrets existed gets one, once.
    store.delete(RECIPIENT_SECRET_KEY);
    resetRecipientSessionMemo();
    const made = recipientSessionSecret(own, storage);
    expect(made).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(made).not.toBe(secret);
    expect(store.get(RECIPIENT_SECRET_KEY)).toBe(made);
    resetRecipientSessionMemo();
  });

  it('sends an explicit sessionSecret as given', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(() => Promise.resolve(json(200, aRedemption())));
    const token = createShareToken();
    await redeemShareToken({ token, sessionId, sessionSecret: 'explicit-secret-of-enough-length' }, { fetch });
    expect(JSON.parse(fetch.mock.calls[0]?.[1]?.body as string)).toEqual({ token, sessionId, sessionSecret: 'explicit-secret-of-enough-length' });
  });

  it('sends the member token as Bearer when redeeming an internal link as a member', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(() => Promise.resolve(json(200, aRedemption('internal'))));
    await redeemShareToken({ token: createShareToken(), sessionId, memberToken: 'member-jwt' }, { fetch });
    expect(new Headers(fetch.mock.calls[0]?.[1]?.headers).get('Authorization')).toBe('Bearer member-jwt');
  });

  it.each([
    [json(404, errorBody('not_found')), 'This link does not exist. Check that you copied all of it.'],
    [json(410, errorBody('link_expired')), 'This link has expired. Ask the sender for a new one.'],
    [json(410, errorBody('link_revoked')), 'This link was turned off by the sender.'],
    [json(410, errorBody('link_used_up')), 'This link has been used the maximum number of times.'],
    [json(410, errorBody('gone')), 'This link can no longer be used. Ask the sender for a new one.'],
    [new Response('', { status: 410 }), 'This link can no longer be used. Ask the sender for a new one.'],
    [json(429, errorBody('rate_limited'), { 'Retry-After': '17' }), 'Too many attempts. Try again in 17 seconds.'],
    [json(429, errorBody('rate_limited'), { 'Retry-After': '1' }), 'Too many attempts. Try again in 1 second.'],
    [json(401, errorBody('unauthenticated')), 'Sign in to open this link.'],
    [json(500, errorBody('internal')), 'Fieldbook could not open this link just now. Try again in a moment.'],
    [new Response('<html>bad gateway</html>', { status: 502 }), 'Open this link once while online; after that it works offline.'],
    [new TypeError('Failed to fetch'), 'Open this link once while online; after that it works offline.'],
  ])('maps %# to its plain-words message', async (response, message) => {
    expect(messageOf(await redeemWith(response))).toBe(message);
  });

  it('refuses a 200 whose body does not fit the contract', async () => {
    const body = aRedemption();
    const result = await redeemWith(json(200, { ...body, version: { ...body.version, documentId: uuid() } }));
    expect(result).toEqual({ ok: false, reason: 'unavailable' });
  });

  it('reads Retry-After as seconds or as an HTTP date, with a default', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter(new Date(T0 + 45_000).toUTCString(), T0)).toBe(45);
    expect(parseRetryAfter(null)).toBe(60);
    expect(parseRetryAfter('soon')).toBe(60);
  });
});

describe('captureShareFragment', () => {
  it('takes the token from /s#<token> and removes it from the address bar at once, keeping the router state', () => {
    const token = createShareToken();
    const routerState = { idx: 0, key: 'default' };
    const replaceState = vi.fn();
    captureShareFragment({ pathname: '/s', hash: `#${token}` }, { state: routerState, replaceState });
    expect(replaceState).toHaveBeenCalledWith(routerState, '', '/s');
    expect(takeCapturedFragment()).toEqual({ ok: true, token });
    expect(takeCapturedFragment()).toBeNull();
  });

  it('removes a malformed fragment too, and reports it', () => {
    const replaceState = vi.fn();
    captureShareFragment({ pathname: '/s', hash: '#not a token' }, { state: null, replaceState });
    expect(replaceState).toHaveBeenCalledWith(null, '', '/s');
    expect(takeCapturedFragment()).toEqual({ ok: false, reason: 'malformed' });
  });

  it('captures a second link opened in the same tab on /s (fragment change, no page load) and hands it over', () => {
    const first = createShareToken();
    const second = createShareToken();
    const location = { pathname: '/s', hash: `#${first}` };
    const replaceState = vi.fn(() => {
      location.hash = '';
    });
    const history = { state: null, replaceState };
    const target = new EventTarget();
    const seen: unknown[] = [];
    captureShareFragment(location, history);
    const stop = watchShareFragment((fragment) => seen.push(fragment), target, location, history);
    location.hash = `#${second}`;
    target.dispatchEvent(new Event('hashchange'));
    expect(seen).toEqual([{ ok: true, token: second }]);
    expect(replaceState).toHaveBeenLastCalledWith(null, '', '/s');
    expect(location.hash).toBe('');
    stop();
    location.hash = `#${first}`;
    target.dispatchEvent(new Event('hashchange'));
    expect(seen).toHaveLength(1);
    takeCapturedFragment();
  });

  it('leaves other pages alone', () => {
    const replaceState = vi.fn();
    captureShareFragment({ pathname: '/library', hash: '#main' }, { state: null, replaceState });
    expect(replaceState).not.toHaveBeenCalled();
    expect(takeCapturedFragment()).toBeNull();
  });
});

describe('openShareLink', () => {
  function deps(registry: FieldbookDB, redeem: (r: unknown) => Promise<RedeemResult>) {
    const linkDbs = new Map<string, FieldbookDB>();
    return {
      linkDbs,
      deps: {
        sessionId,
        registry,
        linkDb: (linkId: ShareLinkId) => {
          const db = linkDbs.get(linkId) ?? freshDb();
          linkDbs.set(linkId, db);
          return db;
        },
        redeem,
        now: () => T0,
      },
    };
  }

  it('stores an external redemption (grant, document, version) so it opens again offline', async () => {
    const registry = freshDb();
    const body = aRedemption();
    const token = createShareToken();
    const online = deps(registry, () => Promise.resolve(({ ok: true, ...body })));
    const first = await openShareLink(token, online.deps);
    expect(first).toMatchObject({ kind: 'opened', fromDevice: false, link: { linkId: body.shareLink.id, grant: 'grant-abc', title: 'Visitor sign-in' } });
    // openShareLink closes the link's database once stored; read it back as the screen would.
    const linkDb = online.linkDbs.get(body.shareLink.id);
    await linkDb?.open();
    expect(await linkDb?.documents.get(body.document.id)).toEqual(body.document);
    expect(await linkDb?.versions.get(body.version.id)).toEqual(body.version);
    expect(await linkDb?.outbox.count()).toBe(0);
    expect(JSON.stringify(await registry.kv.toArray())).not.toContain(token);

    const offline = deps(registry, () => Promise.resolve(({ ok: false, reason: 'offline' })));
    expect(await openShareLink(token, offline.deps)).toMatchObject({ kind: 'opened', fromDevice: true, link: { linkId: body.shareLink.id } });
    expect((await listRedeemedLinks(registry)).map((l) => l.linkId)).toEqual([body.shareLink.id]);
    // Who sent it is kept with the link, so "Sent to you by …" shows offline too.
    expect((await listRedeemedLinks(registry))[0]?.creatorName).toBe('Ana Admin');
  });

  it('offline and never opened: says to open it once while online', async () => {
    const { deps: d } = deps(freshDb(), () => Promise.resolve(({ ok: false, reason: 'offline' })));
    const outcome = await openShareLink(createShareToken(), d);
    expect(outcome).toEqual({ kind: 'failed', failure: { reason: 'never_opened' } });
    if (outcome.kind === 'failed') expect(describeOpenFailure(outcome.failure)).toBe('Open this link once while online; after that it works offline.');
  });

  it('a link refused by the relay stays refused even if it was opened before', async () => {
    const registry = freshDb();
    const token = createShareToken();
    await openShareLink(token, deps(registry, () => Promise.resolve({ ok: true as const, ...aRedemption() })).deps);
    const outcome = await openShareLink(token, deps(registry, () => Promise.resolve(({ ok: false, reason: 'revoked' }))).deps);
    expect(outcome).toMatchObject({ kind: 'failed', failure: { reason: 'revoked' } });
  });

  it('an internal link asks for sign-in, and opens in the member app when redeemed with a member token', async () => {
    const body = aRedemption('internal');
    const anonymous = await openShareLink(createShareToken(), deps(freshDb(), () => Promise.resolve(({ ok: false, reason: 'sign_in' }))).deps);
    expect(anonymous).toEqual({ kind: 'sign_in' });
    const grantedAnyway = await openShareLink(createShareToken(), deps(freshDb(), () => Promise.resolve(({ ok: true, ...body }))).deps);
    expect(grantedAnyway).toEqual({ kind: 'sign_in' });
    const member = await openShareLink(createShareToken(), deps(freshDb(), () => Promise.resolve(({ ok: true, ...body }))).deps, 'member-jwt');
    expect(member).toMatchObject({ kind: 'member', redemption: { document: { id: body.document.id } } });
  });
});
