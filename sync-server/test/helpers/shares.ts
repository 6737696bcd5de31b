import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SEED_IDS } from '../../src/seed/seed';
import type { TestResponse, TestServer } from './test-server';

export const FORM = SEED_IDS.incidentReport;

export interface Account {
  readonly token: string;
  readonly user: { id: string; role: string };
}

/** A fresh share token (32 random bytes, base64url) and its hash as the relay stores it. */
export function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: createHash('sha256').update(token).digest('hex') };
}

/** The ShareLink record a client PUTs. */
export function shareLinkBody(createdBy: string, overrides: Record<string, unknown> = {}) {
  const { token, tokenHash } = newToken();
  const link = {
    id: randomUUID(),
    documentId: FORM.document,
    audience: 'external',
    tokenHash,
    createdBy,
    createdAt: 1_700_000_000_000,
    useCount: 0,
    ...overrides,
  };
  return { link, token };
}

/** PUT a link as `owner` and return it with its raw token; throws unless 200. */
export async function createLink(relay: TestServer, owner: Account, overrides: Record<string, unknown> = {}) {
  const { link, token } = shareLinkBody(owner.user.id, overrides);
  const res = await relay.request('PUT', `/api/share-links/${link.id}`, { token: owner.token, body: link });
  if (res.status !== 200) throw new Error(`share link PUT failed: ${res.status} ${res.text}`);
  return { link, token, value: res.body.value };
}

export interface RedeemBody {
  readonly grant: string;
  readonly document: { id: string; currentVersionId: string };
  readonly version: { id: string; documentId: string };
  readonly shareLink: Record<string, unknown>;
}

/** The session secret a test device keeps next to `sessionId` (stable per session id, so a re-redemption matches). */
export function sessionSecretOf(sessionId: string): string {
  return createHash('sha256').update(`device-secret:${sessionId}`).digest('base64url');
}

/** `sessionSecret`: default the device's own ({@link sessionSecretOf}); null sends none. */
export async function redeem(
  relay: TestServer,
  token: string,
  sessionId: string = randomUUID(),
  memberToken?: string,
  sessionSecret: string | null = sessionSecretOf(sessionId),
) {
  const body = { token, sessionId, ...(sessionSecret === null ? {} : { sessionSecret }) };
  const res = await relay.request('POST', '/api/shares/redeem', { body, ...(memberToken ? { token: memberToken } : {}) });
  return { ...res, redeemed: res.body as unknown as RedeemBody, sessionId } satisfies TestResponse & { redeemed: RedeemBody; sessionId: string };
}

/** An instance record of the shared form, as a recipient's device PUTs it. */
export function recipientInstance(sessionId: string, shareLinkId: string, overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    sourceDocumentId: FORM.document,
    documentVersionId: FORM.version,
    contentType: 'form',
    title: 'Incident report',
    sessionId,
    shareLinkId,
    status: 'in_progress',
    createdAt: 1_700_000_000_000,
    startedAt: 1_700_000_000_000,
    lastActivityAt: 1_700_000_001_000,
    ...overrides,
  };
}
