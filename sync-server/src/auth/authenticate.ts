import type { FastifyRequest } from 'fastify';
import { shareLinkState } from '../../../src/domain';
import { ERROR_CODES } from '../../../src/protocol';
import type { ShareLink, User } from '../../../src/domain';
import type { UserRepo } from '../db/user-repo';
import { HttpError } from '../errors';
import type { GrantClaims, TokenClaims, TokenService } from './tokens';

/** The holder of a share grant: an anonymous session (or a member) acting through one link. */
export interface GrantHolder {
  readonly kind: 'session';
  /** The grant's `sub`: the recipient's session id (or the member id for an internal link). */
  readonly sessionId: string;
  readonly shareLinkId: string;
  readonly documentId: string;
  readonly link: ShareLink;
}

export type Caller = { readonly kind: 'user'; readonly user: User } | GrantHolder;

/** Member-only routes: a grant is refused with 403. */
export type Authenticate = (request: FastifyRequest) => Promise<User>;
/** Routes open to members and grant holders alike. */
export type AuthenticateCaller = (request: FastifyRequest) => Promise<Caller>;

export type GrantRefusal = { readonly ok: false; readonly status: 401 | 410; readonly code: (typeof ERROR_CODES)[keyof typeof ERROR_CODES]; readonly message: string };
export type GrantResolution = { readonly ok: true; readonly holder: GrantHolder } | GrantRefusal | { readonly ok: false; readonly status: 'not_a_grant' };

const BEARER = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i;
const INVALID = 'The session is invalid or has expired; sign in again';

/** Why a link's grants stopped working, or undefined while the link is live (used up still is). */
export function linkGone(link: ShareLink, now: number): GrantRefusal | undefined {
  const state = shareLinkState(link, now);
  if (state === 'revoked') return { ok: false, status: 410, code: ERROR_CODES.linkRevoked, message: 'This link was turned off by the sender' };
  if (state === 'expired') return { ok: false, status: 410, code: ERROR_CODES.linkExpired, message: 'This link has expired' };
  return undefined;
}

export interface GrantDeps {
  readonly tokens: TokenService;
  readonly getShareLink: (id: string) => ShareLink | undefined;
  readonly now: () => number;
}

/**
 * A token as a share grant: its signature, audience and kind, then its link — which must still
 * exist and be neither revoked nor expired (410 link_revoked / link_expired), so revoking or
 * expiring a link stops every grant at once. A grant past its own expiry whose link expired is
 * also 410; one that outlived only its 30-day cap is 401 (redeem again).
 */
export async function resolveGrant(token: string, { tokens, getShareLink, now }: GrantDeps): Promise<GrantResolution> {
  const check = await tokens.verifyGrant(token);
  const claims: GrantClaims | undefined = check.ok ? check.claims : check.expired;
  if (!claims) return { ok: false, status: 'not_a_grant' };
  const link = getShareLink(claims.shareLinkId);
  if (!link || link.documentId !== claims.documentId) return { ok: false, status: 401, code: ERROR_CODES.unauthenticated, message: INVALID };
  const gone = linkGone(link, now());
  if (gone) return gone;
  if (!check.ok) return { ok: false, status: 401, code: ERROR_CODES.unauthenticated, message: 'The grant has expired; open the link again' };
  return { ok: true, holder: { kind: 'session', sessionId: claims.sub, shareLinkId: link.id, documentId: link.documentId, link } };
}

export interface AuthenticateDeps extends GrantDeps {
  readonly users: UserRepo;
}

/**
 * Resolve the caller from `Authorization: Bearer <token>`: a member token (role from the
 * database, not the token) or a share grant. The two are told apart by their claims, never by
 * trying one where the other is due: `authenticate` refuses grants with 403.
 */
export function createAuthenticators(deps: AuthenticateDeps): { authenticate: Authenticate; authenticateCaller: AuthenticateCaller } {
  const { tokens, users } = deps;
  const authenticateCaller: AuthenticateCaller = async (request) => {
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match?.[1]) throw new HttpError(401, ERROR_CODES.unauthenticated, 'Sign in first (missing bearer token)');
    const token = match[1];
    const claims = await tokens.verify(token);
    if (claims) {
      const user = currentMember(users, claims);
      if (!user) throw new HttpError(401, ERROR_CODES.unauthenticated, INVALID);
      return { kind: 'user', user };
    }
    const grant = await resolveGrant(token, deps);
    if (grant.ok) return grant.holder;
    if (grant.status === 'not_a_grant') throw new HttpError(401, ERROR_CODES.unauthenticated, INVALID);
    throw new HttpError(grant.status, grant.code, grant.message);
  };
  const authenticate: Authenticate = async (request) => {
    const caller = await authenticateCaller(request);
    if (caller.kind !== 'user') throw new HttpError(403, ERROR_CODES.forbidden, 'A share link does not allow this; sign in as a member');
    return caller.user;
  };
  return { authenticate, authenticateCaller };
}

/** The member behind an optional bearer (redemption of internal links); undefined when absent or invalid. */
export async function optionalMember(request: FastifyRequest, tokens: TokenService, users: UserRepo): Promise<User | undefined> {
  const match = BEARER.exec(request.headers.authorization ?? '');
  if (!match?.[1]) return undefined;
  const claims = await tokens.verify(match[1]);
  return claims ? currentMember(users, claims) : undefined;
}

/**
 * The member a verified token names, while the token's version is the user's current one: an
 * admin's "sign out" raises the stored version and every older token (and socket) stops.
 */
export function currentMember(users: UserRepo, claims: TokenClaims): User | undefined {
  const stored = users.findStored(claims.userId);
  return stored && stored.tokenVersion === claims.version ? stored.user : undefined;
}
