import { API_ROUTES, apiErrorSchema, ERROR_CODES, REDEEM_PATH, redeemedShareLinkSchema, redeemResponseSchema } from '../protocol';
import type { RedeemedShareLink, RedeemRequestBody } from '../protocol';
import type { ContentDocument, DocumentVersion, SessionId } from '../domain';
import { recipientSessionSecret } from './recipient-session';

// The wire (request, answer, path) is src/protocol's; re-exported for the share barrel.
export { redeemedShareLinkSchema, redeemResponseSchema };
export type { RedeemedShareLink };

export interface Redemption {
  /** Used exactly like a member token: `Authorization: Bearer` on HTTP, `?token=` on the websocket. */
  readonly grant: string;
  readonly document: ContentDocument;
  readonly version: DocumentVersion;
  readonly shareLink: RedeemedShareLink;
}

/** Every way a redemption can fail, in the words the recipient screen uses. */
export type RedeemFailure =
  | { readonly reason: 'unknown' }
  | { readonly reason: 'expired' }
  | { readonly reason: 'revoked' }
  | { readonly reason: 'used_up' }
  | { readonly reason: 'gone' }
  | { readonly reason: 'rate_limited'; readonly retryAfterSeconds: number }
  /** An internal link, redeemed without a member sign-in (or with one the relay refused). */
  | { readonly reason: 'sign_in' }
  /** Signed in, but this account may not open the link. */
  | { readonly reason: 'forbidden' }
  | { readonly reason: 'offline' }
  | { readonly reason: 'unavailable' };

export type RedeemResult = ({ readonly ok: true } & Redemption) | ({ readonly ok: false } & RedeemFailure);

export interface RedeemRequest {
  readonly token: string;
  readonly sessionId: SessionId;
  /**
   * The session's secret (recipient-session.ts); default: this device's secret when `sessionId`
   * is this device's session. The relay binds the session id to it on first redemption.
   */
  readonly sessionSecret?: string | undefined;
  /** A member's token, for internal links; never sent for an anonymous redemption. */
  readonly memberToken?: string | undefined;
}

export interface RedeemClientOptions {
  /** '' = this page's origin. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
}

/** When a 429 carries no usable Retry-After. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

/** `Retry-After` is either delay-seconds or an HTTP date; answers in whole seconds, at least 1. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number {
  if (header === null || header.trim() === '') return DEFAULT_RETRY_AFTER_SECONDS;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Math.max(1, Number(text));
  const at = Date.parse(text);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_SECONDS : Math.max(1, Math.ceil((at - now) / 1000));
}

/** 410's code names which way the link is gone; an unknown code is still "gone". */
function goneReason(code: string): 'expired' | 'revoked' | 'used_up' | 'gone' {
  const c = code.toLowerCase();
  if (c.includes('expired')) return 'expired';
  if (c.includes('revoked')) return 'revoked';
  if (c.includes('used_up') || c.includes('used-up') || c.includes('exhausted') || c.includes('max_uses')) return 'used_up';
  return 'gone';
}

// `internal_link` and `members_only`: other spellings a relay might use for the same refusal.
const SIGN_IN_CODES = new Set<string>([ERROR_CODES.signInRequired, 'internal_link', ERROR_CODES.unauthenticated, 'members_only']);

/**
 * `POST /api/shares/redeem {token, sessionId, sessionSecret?}`. Never throws for an answer the relay gives:
 * each status (and, under 410, each code) maps to a named reason. The token travels only in
 * this JSON body (never a URL), and no Referer is sent with it.
 */
export async function redeemShareToken(request: RedeemRequest, options: RedeemClientOptions = {}): Promise<RedeemResult> {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
  if (request.memberToken !== undefined) headers.Authorization = `Bearer ${request.memberToken}`;
  const sessionSecret = request.sessionSecret ?? recipientSessionSecret(request.sessionId);
  const body: RedeemRequestBody = { token: request.token, sessionId: request.sessionId, ...(sessionSecret !== undefined ? { sessionSecret } : {}) };
  let response: Response;
  try {
    response = await doFetch(`${options.baseUrl ?? ''}${REDEEM_PATH}`, {
      method: API_ROUTES.redeem.method,
      headers,
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    return { ok: false, reason: 'offline' };
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    json = undefined;
  }
  if (response.ok) {
    const parsed = redeemResponseSchema.safeParse(json);
    return parsed.success ? { ok: true, ...parsed.data } : { ok: false, reason: 'unavailable' };
  }
  const error = apiErrorSchema.safeParse(json);
  const code = error.success ? error.data.error.code : '';
  switch (response.status) {
    case 404:
      return { ok: false, reason: 'unknown' };
    case 410:
      return { ok: false, reason: goneReason(code) };
    case 429:
      return { ok: false, reason: 'rate_limited', retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After')) };
    case 401:
      return { ok: false, reason: 'sign_in' };
    case 403:
      return { ok: false, reason: SIGN_IN_CODES.has(code) && request.memberToken === undefined ? 'sign_in' : 'forbidden' };
    case 502:
    case 503:
    case 504:
      // A proxy in front of a relay that is down: as good as offline.
      return { ok: false, reason: error.success ? 'unavailable' : 'offline' };
    default:
      return { ok: false, reason: 'unavailable' };
  }
}

/** Why the recipient screen cannot open a link, in plain words. */
export type OpenFailure = RedeemFailure | { readonly reason: 'never_opened' } | { readonly reason: 'malformed' } | { readonly reason: 'missing' };

const seconds = (n: number): string => `${n} ${n === 1 ? 'second' : 'seconds'}`;

export function describeOpenFailure(failure: OpenFailure): string {
  switch (failure.reason) {
    case 'unknown':
      return 'This link does not exist. Check that you copied all of it.';
    case 'expired':
      return 'This link has expired. Ask the sender for a new one.';
    case 'revoked':
      return 'This link was turned off by the sender.';
    case 'used_up':
      return 'This link has been used the maximum number of times.';
    case 'gone':
      return 'This link can no longer be used. Ask the sender for a new one.';
    case 'rate_limited':
      return `Too many attempts. Try again in ${seconds(failure.retryAfterSeconds)}.`;
    case 'sign_in':
      return 'Sign in to open this link.';
    case 'forbidden':
      return 'Your account cannot open this link. Ask the sender to share it with you.';
    case 'offline':
    case 'never_opened':
      return 'Open this link once while online; after that it works offline.';
    case 'unavailable':
      return 'Fieldbook could not open this link just now. Try again in a moment.';
    case 'malformed':
      return 'This link is incomplete. Check that you copied all of it.';
    case 'missing':
      return 'There is no link to open here. Open the link you were sent.';
  }
}
