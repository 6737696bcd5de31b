import { describe, expect, it } from 'vitest';
import apiMd from '../../sync-server/API.md?raw';
import { BY_STATUS, describeClientError, FASTIFY_ERRORS } from '../../sync-server/src/errors';
import * as relayWire from '../../sync-server/src/relay/protocol';
import { REDEEM_REFUSALS } from '../../sync-server/src/shares/redeem-service';
import { startTestServer } from '../../sync-server/test/helpers/test-server';
import {
  ALL_ERROR_CODES,
  API_ROUTES,
  apiPath,
  apiErrorSchema,
  authResponseSchema,
  changesEventSchema,
  changesQuerySchema,
  changesResponseSchema,
  CLOSE_CODES,
  createInviteRequestSchema,
  createInviteResponseSchema,
  ERROR_CODES,
  instanceIdOfRoom,
  instanceResponseSchema,
  inviteListResponseSchema,
  isPermanentClose,
  isValidRoomName,
  loginRequestSchema,
  meResponseSchema,
  membersResponseSchema,
  MESSAGE,
  recordResponseSchema,
  redeemRequestSchema,
  redeemResponseSchema,
  refreshRequestSchema,
  revokeInviteResponseSchema,
  roomOfInstance,
  signOutResponseSchema,
  signupRequestSchema,
  SYNC,
  TRANSIENT_CLOSE,
  userListResponseSchema,
  workspaceResponseSchema,
  WS_PATH,
} from '.';
import * as names from './storage-names';

const USER = '0b7e2f4c-93a1-4d55-8a2e-1f0c9d3b6a71';
const DOC = '5f1d7c2a-8b3e-4c6d-9e0f-a1b2c3d4e5f6';
const VERSION = '6a2e8d3b-9c4f-4d7e-8f10-b2c3d4e5f607';
const LINK = '7b3f9e4c-ad50-4e8f-9021-c3d4e5f60718';
const SESSION = '8c4a0f5d-be61-4f90-a132-d4e5f6071829';
const INSTANCE = '9d5b1a6e-cf72-4a01-b243-e5f60718293a';
const user = { id: USER, email: 'dana@example.com', name: 'Dana', role: 'admin', createdAt: 1_700_000_000_000 };
const invite = { id: 'inv-1', role: 'member', createdBy: USER, createdAt: 1, expiresAt: 2 };
const INVITE_CODE = 'AbCdEfGhIjKlMnOpQrStUv';
const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQ';
const document = { id: DOC, title: 'Pre-trip', contentType: 'procedure', currentVersionId: VERSION, createdBy: USER, createdAt: 1, updatedAt: 1 };
const version = {
  id: VERSION,
  documentId: DOC,
  version: 1,
  publishedAt: 1,
  publishedBy: USER,
  contentType: 'procedure',
  definition: { steps: [{ id: 'tyres', title: 'Check the tyres', required: true }] },
};
const shareLink = { id: LINK, documentId: DOC, audience: 'external', useCount: 1, creatorName: 'Dana' };

/** [schema, documented examples it accepts, bad bodies it refuses]. */
const CASES: [string, { safeParse(input: unknown): { success: boolean } }, unknown[], unknown[]][] = [
  ['signup request', signupRequestSchema, [{ email: 'Dana@Example.com', password: 'long enough', name: 'Dana' }, { email: 'a@b.co', password: '12345678', name: 'A', invite: INVITE_CODE }], [{ email: 'a@b.co', password: 'short', name: 'A' }, { email: 'not-an-email', password: 'long enough', name: 'A' }, { email: 'a@b.co', password: 'long enough', name: '  ' }]],
  ['login request', loginRequestSchema, [{ email: 'dana@example.com', password: 'x' }], [{ email: 'dana@example.com' }, { email: 1, password: 'x' }]],
  ['auth response', authResponseSchema, [{ token: 't', refreshToken: 'r', user }, { token: 't', user }], [{ token: '', user }, { token: 't', user: { ...user, role: 'owner' } }]],
  ['refresh request', refreshRequestSchema, [{ refreshToken: 'r' }], [{ refreshToken: '' }, {}]],
  ['me response', meResponseSchema, [{ user }], [{ user: { ...user, email: 'nope' } }]],
  ['workspace response', workspaceResponseSchema, [{ hasUsers: false, signup: 'invite' }, { hasUsers: true, signup: 'open' }, { hasUsers: true }], [{ hasUsers: true, signup: 'closed' }, { signup: 'open' }]],
  ['create invite request', createInviteRequestSchema, [{}, { email: 'New@Example.com', role: 'admin', expiresAt: 5 }], [{ role: 'owner' }, { email: 'x' }, { expiresAt: -1 }]],
  ['create invite response', createInviteResponseSchema, [{ id: 'inv-1', code: INVITE_CODE, url: `https://relay.example/join#${INVITE_CODE}`, invite }, { id: 'inv-1', code: INVITE_CODE, url: 'u' }], [{ id: 'inv-1', code: 'short', url: 'u' }, { id: 'inv-1', code: INVITE_CODE }]],
  ['invite list response', inviteListResponseSchema, [{ invites: [invite, { ...invite, email: 'x@y.z', usedAt: 3, usedBy: USER }] }], [{ invites: [{ ...invite, role: 'owner' }] }]],
  ['revoke invite response', revokeInviteResponseSchema, [{ invite: { ...invite, revokedAt: 3 } }], [{}]],
  ['user list response', userListResponseSchema, [{ users: [user] }], [{ users: [{ ...user, id: 'not-a-uuid' }] }]],
  ['members response', membersResponseSchema, [{ members: [{ id: USER, name: 'Dana', role: 'admin' }, { id: USER, name: 'Dana' }] }], [{ members: [{ id: USER, name: '' }] }]],
  ['sign-out response', signOutResponseSchema, [{ ok: true }], [{ ok: false }, {}]],
  ['changes query', changesQuerySchema, [{}, { since: 'MTI', limit: '50' }, { since: '', limit: 1000 }], [{ limit: '0' }, { limit: 1001 }, { limit: 'ten' }, { since: 'x'.repeat(65) }]],
  ['changes response', changesResponseSchema, [{ changes: [{ seq: 1, kind: 'document', id: DOC, value: document }], cursor: 'MQ', hasMore: false }, { changes: [], cursor: '', hasMore: false }], [{ changes: [{ seq: 1, kind: 'user', id: USER, value: user }], cursor: 'MQ', hasMore: false }, { changes: [], hasMore: true }]],
  ['changes event', changesEventSchema, [{ seq: 12 }], [{ seq: -1 }, {}]],
  ['record response', recordResponseSchema, [{ value: document }], [{}]],
  ['instance response', instanceResponseSchema, [{ value: {} }, { value: {}, version }], [{ version }]],
  ['redeem request', redeemRequestSchema, [{ token: 'tok', sessionId: SESSION, sessionSecret: SECRET }, { token: 'tok', sessionId: SESSION }], [{ token: '', sessionId: SESSION }, { token: 'tok', sessionId: SESSION.toUpperCase() }, { token: 'tok', sessionId: SESSION, sessionSecret: 'short' }, { token: 'x'.repeat(513), sessionId: SESSION }]],
  ['redeem response', redeemResponseSchema, [{ grant: 'g', document, version, shareLink }, { grant: 'g', document, version, shareLink: { id: LINK, documentId: DOC, audience: 'internal' } }], [{ grant: '', document, version, shareLink }, { grant: 'g', document, version: { ...version, documentId: LINK }, shareLink }, { grant: 'g', document, version, shareLink: { ...shareLink, documentId: LINK } }]],
  ['error body', apiErrorSchema, [{ error: { code: 'link_expired', message: 'This link has expired' } }, { error: { code: 'invalid_request', message: 'm', issues: [{ path: 'email', message: 'bad' }] } }], [{ error: 'link_expired' }, { error: { code: 'x' } }, { code: 'x', message: 'm' }]],
];

describe('HTTP request and response schemas', () => {
  it.each(CASES)('%s accepts the documented examples', (_name, schema, good) => {
    for (const body of good) expect(schema.safeParse(body).success, JSON.stringify(body)).toBe(true);
  });

  it.each(CASES)('%s refuses bad bodies', (_name, schema, _good, bad) => {
    for (const body of bad) expect(schema.safeParse(body).success, JSON.stringify(body)).toBe(false);
  });

  it('normalises where the contract says so: e-mails in lowercase, the feed limit defaults to 200', () => {
    expect(signupRequestSchema.parse({ email: 'Dana@Example.COM', password: 'long enough', name: ' Dana ' })).toMatchObject({ email: 'dana@example.com', name: 'Dana' });
    expect(changesQuerySchema.parse({})).toEqual({ limit: 200 });
    expect(changesQuerySchema.parse({ limit: '50' })).toEqual({ limit: 50 });
  });
});

describe('routes', () => {
  it('fills a pattern with URI-encoded values', () => {
    expect(apiPath(API_ROUTES.revokeInvite.path, { id: 'inv-1' })).toBe('/api/invites/inv-1/revoke');
    expect(apiPath(API_ROUTES.putVersion.path, { id: DOC, versionId: VERSION })).toBe(`/api/documents/${DOC}/versions/${VERSION}`);
    // Parameter names may hold digits (`:sha256`).
    expect(apiPath(API_ROUTES.putBlobRef.path, { sha256: 'ab'.repeat(32), instanceId: DOC })).toBe(`/api/blobs/${'ab'.repeat(32)}/refs/${DOC}`);
    expect(apiPath(API_ROUTES.getInstance.path, { id: '../x?y' })).toBe('/api/instances/..%2Fx%3Fy');
    expect(apiPath(API_ROUTES.changes.path)).toBe('/api/changes');
  });

  it('every route of the table is one the relay registers, with that method', async () => {
    const relay = await startTestServer();
    try {
      const missing = Object.values(API_ROUTES).filter((route) => !relay.server.app.hasRoute({ method: route.method, url: route.path }));
      expect(missing).toEqual([]);
    } finally {
      await relay.close();
    }
  });

  it('every route of the table is in the routes table of sync-server/API.md', () => {
    const section = apiMd.slice(apiMd.indexOf('## Routes'), apiMd.indexOf('### Write rules'));
    const missing = Object.values(API_ROUTES).filter((route) => !section.includes(`| \`${route.method} ${route.path}`));
    expect(missing).toEqual([]);
    expect(section).toContain(`\`GET ${WS_PATH}/<room>?token=\``);
  });
});

describe('room names', () => {
  it('builds instance:<id> and reads the id back', () => {
    expect(roomOfInstance(INSTANCE)).toBe(`instance:${INSTANCE}`);
    expect(instanceIdOfRoom(roomOfInstance(INSTANCE))).toBe(INSTANCE);
    expect(isValidRoomName(roomOfInstance(INSTANCE))).toBe(true);
  });

  it.each([
    'foo',
    'instance:',
    'instance:not-a-uuid',
    `instance:${INSTANCE.toUpperCase()}`,
    `Instance:${INSTANCE}`,
    ` instance:${INSTANCE}`,
    `instance:${INSTANCE} `,
    `instance:${INSTANCE}/x`,
    `instance:instance:${INSTANCE}`,
    `doc:${INSTANCE}`,
    INSTANCE,
    '__proto__',
  ])('refuses the forged room name %j', (room) => {
    expect(instanceIdOfRoom(room)).toBeUndefined();
    expect(isValidRoomName(room)).toBe(false);
  });
});

describe('websocket message types and close codes', () => {
  it('the relay frames with the protocol objects themselves, not copies', () => {
    expect(relayWire.MESSAGE).toBe(MESSAGE);
    expect(relayWire.SYNC).toBe(SYNC);
    expect(relayWire.TRANSIENT_CLOSE).toBe(TRANSIENT_CLOSE);
    expect(relayWire.isValidRoomName).toBe(isValidRoomName);
  });

  it('the stored-state ack is type 100 and the writes-refused notice type 101, on the relay too', () => {
    expect(MESSAGE.stored).toBe(100);
    expect(MESSAGE.writesRefused).toBe(101);
    const stateVector = Uint8Array.of(1, 2, 3);
    const frame = relayWire.encodeStored(stateVector);
    expect(frame[0]).toBe(MESSAGE.stored);
    expect(relayWire.decodeStored(frame)).toEqual(stateVector);
    expect(relayWire.encodeWritesRefused()).toEqual(Uint8Array.of(MESSAGE.writesRefused));
  });

  it('the 44xx codes are permanent; access-changed and the standard codes are transient (API.md "Websocket")', () => {
    expect(CLOSE_CODES).toEqual({ accessChanged: 4100, badMessage: 4400, unauthenticated: 4401, forbidden: 4403, unknownRoom: 4404, linkGone: 4410, tooLarge: 4413, rateLimited: 4429 });
    expect(TRANSIENT_CLOSE).toEqual({ goingAway: 1001, internal: 1011, tryAgainLater: 1013 });
    const { accessChanged, ...permanent } = CLOSE_CODES;
    for (const code of Object.values(permanent)) expect(isPermanentClose(code), String(code)).toBe(true);
    for (const code of [accessChanged, ...Object.values(TRANSIENT_CLOSE)]) expect(isPermanentClose(code), String(code)).toBe(false);
  });
});

describe('error codes', () => {
  // Every `new HttpError(…)` takes an `ErrorCode`, so tsc refuses a code outside the table; the
  // relay's mapping tables (Fastify's and Node's refusals, redemption) are checked here at run time.
  it('every code the relay maps a refusal to is in the protocol table', () => {
    const emitted = [
      ...Object.values(FASTIFY_ERRORS).map(([, code]) => code),
      ...Object.values(BY_STATUS),
      ...[undefined, 'ERR_HTTP_REQUEST_TIMEOUT', 'HPE_HEADER_OVERFLOW', 'HPE_INVALID_CONTENT_LENGTH', 'HPE_UNEXPECTED_CONTENT_LENGTH', 'HPE_INVALID_METHOD'].map((parser) => describeClientError(parser)[1]),
      ...Object.values(REDEEM_REFUSALS).map(([, code]) => code),
    ];
    expect(emitted.length).toBeGreaterThan(20);
    for (const code of emitted) expect(ALL_ERROR_CODES.has(code), code).toBe(true);
  });

  it('the table and the error-code table of sync-server/API.md name the same codes', () => {
    const section = apiMd.slice(apiMd.indexOf('## Error codes'), apiMd.indexOf('## Static files'));
    const documented = [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
    expect(new Set(documented)).toEqual(new Set(Object.values(ERROR_CODES)));
  });
});

/** A name builder called with one placeholder id per parameter. */
const withIds = (build: (...ids: string[]) => string): string => build(...Array.from({ length: build.length }, (_, i) => `id${i}`));

describe('names stored on devices', () => {
  // These spellings are on users' devices: changing one orphans what is stored under it.
  it('keep the spellings already shipped', () => {
    expect({
      session: names.SESSION_STORAGE_KEY,
      device: names.DEVICE_STORAGE_KEY,
      recipientSession: names.RECIPIENT_SESSION_KEY,
      recipientSecret: names.RECIPIENT_SECRET_KEY,
      userDb: names.databaseNameFor(USER),
      docDb: names.docDbName(INSTANCE),
      registryDb: names.recipientRegistryName(SESSION),
      linkDb: names.recipientLinkDbName(SESSION, LINK),
      cursor: names.CHANGES_CURSOR_KEY,
      lastPulled: names.LAST_PULLED_KEY,
      lastFlushed: names.LAST_FLUSHED_KEY,
      members: names.MEMBERS_KEY,
      relayMarker: names.relayKey(INSTANCE),
      draft: names.draftKey(DOC),
      position: names.positionKey(INSTANCE),
      shareToken: names.shareTokenKey(LINK),
      redeemed: names.redeemedKey(LINK),
      tokenHash: names.tokenHashKey('ab12'),
    }).toEqual({
      session: 'fieldbook.session',
      device: 'fieldbook.device',
      recipientSession: 'fieldbook.recipient-session',
      recipientSecret: 'fieldbook.recipient-session-secret',
      userDb: `fieldbook-${USER}`,
      docDb: `fieldbook-doc:${INSTANCE}`,
      registryDb: `fieldbook-share-${SESSION}`,
      linkDb: `fieldbook-share-${SESSION}-${LINK}`,
      cursor: 'changes.cursor',
      lastPulled: 'sync.lastPulledAt',
      lastFlushed: 'sync.lastFlushedAt',
      members: 'members',
      relayMarker: `relay.sv.${INSTANCE}`,
      draft: `draft.${DOC}`,
      position: `run-position:${INSTANCE}`,
      shareToken: `share.token.${LINK}`,
      redeemed: `share.redeemed.${LINK}`,
      tokenHash: 'share.hash.ab12',
    });
  });

  it('every other name follows the one convention for new names: parts joined by dots', () => {
    // Shipped before the convention; their spellings stay (see the test above).
    const shippedOtherwise = new Set(['MEMBERS_KEY', 'positionKey', 'databaseNameFor', 'docDbName', 'recipientRegistryName', 'recipientLinkDbName']);
    const spelled = Object.entries(names).map(([name, value]) => {
      const text = typeof value === 'function' ? withIds(value) : value;
      return [name, text] as const;
    });
    expect(spelled.length).toBeGreaterThan(20);
    const offConvention = spelled.filter(([name, text]) => !shippedOtherwise.has(name) && !/^[a-z][A-Za-z-]*(\.[A-Za-z0-9-]+)*\.[A-Za-z0-9-]*$/.test(text));
    expect(offConvention).toEqual([]);
  });

  it('prefix keys start with their prefix, so a prefix range finds them all', () => {
    expect(names.relayKey(INSTANCE).startsWith(names.RELAY_SV_PREFIX)).toBe(true);
    expect(names.draftKey(DOC).startsWith(names.DRAFT_PREFIX)).toBe(true);
    expect(names.redeemedKey(LINK).startsWith(names.REDEEMED_PREFIX)).toBe(true);
  });
});
