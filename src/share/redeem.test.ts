/**
 * The recipient's redemption against the real relay (HTTP on port 0, real SQLite, the real
 * fetch): links PUT by the admin, expired by the relay's clock, used up, revoked, rate limited by
 * the relay's own failure limiter. Only a 5xx, a proxy's page, an unknown refusal code and a body
 * off the contract are made by wrapping the real fetch for that one call (test-share-relay.ts).
 * Fragment capture needs no relay.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { T0, closeTestDbs, freshDb, uuid } from '../db/test-support';
import type { FieldbookDB } from '../db';
import type { SessionId, ShareLinkId } from '../domain';
import { faultyFetch } from '../sync/test-relay';
import { captureShareFragment, takeCapturedFragment, watchShareFragment } from './fragment';
import { openShareLink } from './open-link';
import { describeOpenFailure, parseRetryAfter, redeemShareToken } from './redeem';
import type { RedeemClientOptions, RedeemRequest, RedeemResult } from './redeem';
import { listRedeemedLinks } from './recipient-store';
import { recipientSessionId, recipientSessionSecret, resetRecipientSessionMemo } from './recipient-session';
import { answeredOnce, closeShareRelays, editedAnswer, startShareRelay, stoppedRelayUrl, unknownToken } from './test-share-relay';
import type { ShareRelay } from './test-share-relay';
import { createShareToken } from './token';
import { RECIPIENT_SECRET_KEY, RECIPIENT_SESSION_KEY } from '../protocol';

afterEach(async () => {
  resetRecipientSessionMemo();
  await closeShareRelays();
  await closeTestDbs();
});

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const errorBody = (code: string) => ({ error: { code, message: `relay says ${code}` } });

/** This device's recipient session, kept in a fresh storage: its id and the secret next to it. */
function deviceSession() {
  resetRecipientSessionMemo();
  const store = new Map<string, string>();
  const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
  const sessionId = recipientSessionId(storage);
  return { sessionId, secret: store.get(RECIPIENT_SECRET_KEY), store, storage };
}

/** Another device's session: a session id and its own secret. */
const otherDevice = () => ({ sessionId: uuid() as SessionId, sessionSecret: createShareToken() });

const messageOf = (result: RedeemResult): string => {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return describeOpenFailure(result);
};

/** The request of one case and the client that sends it. */
interface Case {
  readonly token: string;
  readonly options: RedeemClientOptions;
}

describe('redeemShareToken', () => {
  it("POSTs {token, sessionId, sessionSecret} as JSON to /api/shares/redeem, with no Authorization for an anonymous recipient; the relay answers with the link's document", async () => {
    const relay = await startShareRelay();
    const { id, token } = await relay.link({ maxUses: 5 });
    const { sessionId, secret } = deviceSession();
    const fetch = vi.fn<typeof globalThis.fetch>(faultyFetch().fetch);
    const result = await redeemShareToken({ token, sessionId }, relay.client(fetch));
    expect(result).toMatchObject({ ok: true, document: relay.document, version: relay.version, shareLink: { id, audience: 'external', useCount: 1, maxUses: 5, creatorName: 'Ana Admin' } });
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe(`${relay.server.url}/api/shares/redeem`);
    expect(init?.method).toBe('POST');
    expect(JSON.parse(init?.body as string)).toEqual({ token, sessionId, sessionSecret: secret });
    const headers = new Headers(init?.headers);
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(headers.has('Authorization')).toBe(false);
    expect(init?.referrerPolicy).toBe('no-referrer');
  });

  it("sends this device's session secret with its own session id (kept next to it, stable), and none for another session id", async () => {
    const relay = await startShareRelay();
    const { token } = await relay.link();
    const { sessionId: own, secret, store, storage } = deviceSession();
    expect(store.get(RECIPIENT_SESSION_KEY)).toBe(own);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const fetch = vi.fn<typeof globalThis.fetch>(faultyFetch().fetch);
    const other = uuid() as SessionId;
    const first = await redeemShareToken({ token, sessionId: own }, relay.client(fetch));
    const again = await redeemShareToken({ token, sessionId: own }, relay.client(fetch));
    const stranger = await redeemShareToken({ token, sessionId: other }, relay.client(fetch));
    const bodies = fetch.mock.calls.map(([, init]) => JSON.parse(init?.body as string) as Record<string, unknown>);
    expect(bodies).toEqual([{ token, sessionId: own, sessionSecret: secret }, { token, sessionId: own, sessionSecret: secret }, { token, sessionId: other }]);
    // The relay bound the session to its secret: the same session again opens it, and costs no use.
    expect(first).toMatchObject({ ok: true, shareLink: { useCount: 1 } });
    expect(again).toMatchObject({ ok: true, shareLink: { useCount: 1 } });
    // Without a secret the relay refuses an external link.
    expect(stranger.ok).toBe(false);

    // A page load later (memo gone) the stored secret is read back, not replaced.
    resetRecipientSessionMemo();
    expect(recipientSessionSecret(own, storage)).toBe(secret);
    expect(recipientSessionSecret(other, storage)).toBeUndefined();
    // A device that has a session id from before secrets existed gets one, once.
    store.delete(RECIPIENT_SECRET_KEY);
    resetRecipientSessionMemo();
    const made = recipientSessionSecret(own, storage);
    expect(made).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(made).not.toBe(secret);
    expect(store.get(RECIPIENT_SECRET_KEY)).toBe(made);
  });

  it('sends an explicit sessionSecret as given', async () => {
    const relay = await startShareRelay();
    const { token } = await relay.link();
    const sessionId = uuid() as SessionId;
    const fetch = vi.fn<typeof globalThis.fetch>(faultyFetch().fetch);
    const result = await redeemShareToken({ token, sessionId, sessionSecret: 'explicit-secret-of-enough-length' }, relay.client(fetch));
    expect(JSON.parse(fetch.mock.calls[0]?.[1]?.body as string)).toEqual({ token, sessionId, sessionSecret: 'explicit-secret-of-enough-length' });
    expect(result.ok).toBe(true);
  });

  it('a session id already bound to another secret (another device) is refused as forbidden', async () => {
    const relay = await startShareRelay();
    const { token } = await relay.link();
    const { sessionId } = deviceSession();
    expect((await redeemShareToken({ token, sessionId }, relay.client())).ok).toBe(true);
    const copied = await redeemShareToken({ token, sessionId, sessionSecret: createShareToken() }, relay.client());
    expect(copied).toEqual({ ok: false, reason: 'forbidden' });
  });

  it('sends the member token as Bearer when redeeming an internal link as a member', async () => {
    const relay = await startShareRelay();
    const { id, token } = await relay.link({ audience: 'internal' });
    const fetch = vi.fn<typeof globalThis.fetch>(faultyFetch().fetch);
    const result = await redeemShareToken({ token, sessionId: uuid() as SessionId, memberToken: relay.admin.token }, relay.client(fetch));
    expect(new Headers(fetch.mock.calls[0]?.[1]?.headers).get('Authorization')).toBe(`Bearer ${relay.admin.token}`);
    expect(result).toMatchObject({ ok: true, shareLink: { id, audience: 'internal' } });
  });

  /** A relay whose failure limiter allows one failure per 17 s; one failure already spent, the clock `later` ms on. */
  async function rateLimited(later: number): Promise<Case> {
    const relay = await startShareRelay({ redeemRateLimit: { max: 1, timeWindowMs: 17_000 } });
    const { sessionId } = deviceSession();
    expect(await redeemShareToken({ token: unknownToken(), sessionId }, relay.client())).toEqual({ ok: false, reason: 'unknown' });
    relay.now += later;
    return { token: unknownToken(), options: relay.client() };
  }
  const onRelay = async (arrange: (relay: ShareRelay) => Promise<string>): Promise<Case> => {
    const relay = await startShareRelay();
    return { token: await arrange(relay), options: relay.client() };
  };
  /** The relay's (or a proxy's) answer to this one call, the request never reaching the relay. */
  const answered = async (answer: () => Response): Promise<Case> => {
    const relay = await startShareRelay();
    return { token: (await relay.link()).token, options: relay.client(answeredOnce(answer)) };
  };

  it.each<[string, () => Promise<Case>, string]>([
    ['a token no link has (404)', () => onRelay(() => Promise.resolve(unknownToken())), 'This link does not exist. Check that you copied all of it.'],
    [
      'an expired link (410 link_expired)',
      () =>
        onRelay(async (relay) => {
          const { token } = await relay.link({ expiresAt: relay.now + 60_000 });
          relay.now += 60_000;
          return token;
        }),
      'This link has expired. Ask the sender for a new one.',
    ],
    [
      'a revoked link (410 link_revoked)',
      () =>
        onRelay(async (relay) => {
          const { id, token } = await relay.link();
          await relay.revoke(id);
          return token;
        }),
      'This link was turned off by the sender.',
    ],
    [
      'a used-up link (410 link_used_up)',
      () =>
        onRelay(async (relay) => {
          const { token } = await relay.link({ maxUses: 1 });
          expect((await redeemShareToken({ token, ...otherDevice() }, relay.client())).ok).toBe(true);
          return token;
        }),
      'This link has been used the maximum number of times.',
    ],
    ['a 410 with a code this client does not know', () => answered(() => json(410, errorBody('gone'))), 'This link can no longer be used. Ask the sender for a new one.'],
    ['a 410 without a body', () => answered(() => new Response('', { status: 410 })), 'This link can no longer be used. Ask the sender for a new one.'],
    ['too many failures (429, Retry-After 17)', () => rateLimited(0), 'Too many attempts. Try again in 17 seconds.'],
    ['too many failures, half a second left (429, Retry-After 1)', () => rateLimited(16_500), 'Too many attempts. Try again in 1 second.'],
    ['an internal link without a sign-in (401)', () => onRelay(async (relay) => (await relay.link({ audience: 'internal' })).token), 'Sign in to open this link.'],
    ['a relay failing (500)', () => answered(() => json(500, errorBody('internal'))), 'Fieldbook could not open this link just now. Try again in a moment.'],
    ["a proxy's page for a relay that is down (502)", () => answered(() => new Response('<html>bad gateway</html>', { status: 502 })), 'Open this link once while online; after that it works offline.'],
    ['no network (connection refused)', async () => ({ token: createShareToken(), options: { baseUrl: await stoppedRelayUrl() } }), 'Open this link once while online; after that it works offline.'],
  ])('maps %s to its plain-words message', async (_name, arrange, message) => {
    const { token, options } = await arrange();
    const { sessionId } = deviceSession();
    expect(messageOf(await redeemShareToken({ token, sessionId }, options))).toBe(message);
  });

  it('refuses a 200 whose body does not fit the contract', async () => {
    const relay = await startShareRelay();
    const { token } = await relay.link();
    const { sessionId } = deviceSession();
    const offContract = editedAnswer((body) => ({ ...body, version: { ...(body.version as object), documentId: uuid() } }));
    const result = await redeemShareToken({ token, sessionId }, relay.client(offContract));
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
  function deps(registry: FieldbookDB, redeem: (r: RedeemRequest) => Promise<RedeemResult>, sessionId: SessionId = deviceSession().sessionId) {
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
  /** The app's redeem, sent to `options`' relay. */
  const via = (options: RedeemClientOptions, extra: Partial<RedeemRequest> = {}) => (r: RedeemRequest) => redeemShareToken({ ...r, ...extra }, options);

  it('stores an external redemption (grant, document, version) so it opens again offline', async () => {
    const relay = await startShareRelay();
    const { id, token } = await relay.link();
    const registry = freshDb();
    const through = faultyFetch();
    const online = deps(registry, via(relay.client(through)));
    const first = await openShareLink(token, online.deps);
    expect(first).toMatchObject({ kind: 'opened', fromDevice: false, link: { linkId: id, title: 'Visitor sign-in' } });
    if (first.kind === 'opened') expect(first.link.grant).toMatch(/^eyJ/);
    // openShareLink closes the link's database once stored; read it back as the screen would.
    const linkDb = online.linkDbs.get(id);
    await linkDb?.open();
    expect(await linkDb?.documents.get(relay.document.id)).toEqual(relay.document);
    expect(await linkDb?.versions.get(relay.version.id)).toEqual(relay.version);
    expect(await linkDb?.outbox.count()).toBe(0);
    expect(JSON.stringify(await registry.kv.toArray())).not.toContain(token);

    through.fail({ kind: 'network' });
    const offline = deps(registry, via(relay.client(through)), online.deps.sessionId);
    expect(await openShareLink(token, offline.deps)).toMatchObject({ kind: 'opened', fromDevice: true, link: { linkId: id } });
    expect((await listRedeemedLinks(registry)).map((l) => l.linkId)).toEqual([id]);
    // Who sent it is kept with the link, so "Sent to you by …" shows offline too.
    expect((await listRedeemedLinks(registry))[0]?.creatorName).toBe('Ana Admin');
  });

  it('offline and never opened: says to open it once while online', async () => {
    const { deps: d } = deps(freshDb(), via({ baseUrl: await stoppedRelayUrl() }));
    const outcome = await openShareLink(createShareToken(), d);
    expect(outcome).toEqual({ kind: 'failed', failure: { reason: 'never_opened' } });
    if (outcome.kind === 'failed') expect(describeOpenFailure(outcome.failure)).toBe('Open this link once while online; after that it works offline.');
  });

  it('a link refused by the relay stays refused even if it was opened before', async () => {
    const relay = await startShareRelay();
    const { id, token } = await relay.link();
    const registry = freshDb();
    const { sessionId } = deviceSession();
    expect(await openShareLink(token, deps(registry, via(relay.client()), sessionId).deps)).toMatchObject({ kind: 'opened', fromDevice: false });
    await relay.revoke(id);
    const outcome = await openShareLink(token, deps(registry, via(relay.client()), sessionId).deps);
    expect(outcome).toMatchObject({ kind: 'failed', failure: { reason: 'revoked' } });
  });

  it('an internal link asks for sign-in, and opens in the member app when redeemed with a member token', async () => {
    const relay = await startShareRelay();
    const { token } = await relay.link({ audience: 'internal' });
    const memberToken = relay.admin.token;
    const anonymous = await openShareLink(token, deps(freshDb(), via(relay.client())).deps);
    expect(anonymous).toEqual({ kind: 'sign_in' });
    // The relay grants it (the request carried a member token) but this open holds no sign-in: still sign in.
    const grantedAnyway = await openShareLink(token, deps(freshDb(), via(relay.client(), { memberToken })).deps);
    expect(grantedAnyway).toEqual({ kind: 'sign_in' });
    const member = await openShareLink(token, deps(freshDb(), via(relay.client())).deps, memberToken);
    expect(member).toMatchObject({ kind: 'member', redemption: { document: { id: relay.document.id } } });
  });
});
