import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { JWTPayload } from 'jose';
import { createSecretKey } from 'node:crypto';
import { ROLES, isUuid } from '../../../src/domain';
import type { Role, UserId } from '../../../src/domain';
import { DEFAULTS } from '../config';

export interface TokenClaims {
  readonly userId: UserId;
  readonly role: Role;
}

/** What a share grant carries: who holds it (a session id, or a member id), from which link, for which document. */
export interface GrantClaims {
  readonly sub: string;
  readonly shareLinkId: string;
  readonly documentId: string;
}

/**
 * A grant that verified (`ok`), or one whose signature is good but whose own expiry passed
 * (`expired`: the caller asks the link whether that is because the link expired).
 */
export type GrantCheck = { readonly ok: true; readonly claims: GrantClaims } | { readonly ok: false; readonly expired?: GrantClaims };

export interface TokenService {
  sign(claims: TokenClaims): Promise<string>;
  /** The claims of a valid member token, or undefined for a bad, expired or foreign one (a grant included). */
  verify(token: string): Promise<TokenClaims | undefined>;
  /** A share grant: `kind: 'grant'`, audience `GRANT_AUDIENCE`, expiring at `expiresAtMs`. */
  signGrant(claims: GrantClaims, expiresAtMs: number): Promise<string>;
  /** Never accepts a member token: the audience and `kind` claims differ. */
  verifyGrant(token: string): Promise<GrantCheck>;
}

/** Grants carry this audience and member tokens none, so neither is ever taken for the other. */
export const GRANT_AUDIENCE = 'fieldbook:share-grant';

function grantClaimsOf(payload: JWTPayload): GrantClaims | undefined {
  const { sub, shareLinkId, documentId, kind, role } = payload;
  if (kind !== 'grant' || role !== undefined) return undefined;
  if (typeof sub !== 'string' || typeof shareLinkId !== 'string' || typeof documentId !== 'string') return undefined;
  if (!isUuid(sub) || !isUuid(shareLinkId) || !isUuid(documentId)) return undefined;
  return { sub, shareLinkId, documentId };
}

function payload(error: joseErrors.JWTExpired): GrantClaims | undefined {
  return error.payload.aud === GRANT_AUDIENCE && error.payload.iss === DEFAULTS.tokenIssuer ? grantClaimsOf(error.payload) : undefined;
}

/** HS256 session tokens: sub = user id, role, issuer 'fieldbook', 30-day expiry. */
export function createTokenService(secret: string, now: () => number): TokenService {
  // Imported once: jose would otherwise import a raw key on every sign and verify.
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return {
    async sign({ userId, role }) {
      const iat = Math.floor(now() / 1000);
      return new SignJWT({ role })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuer(DEFAULTS.tokenIssuer)
        .setIssuedAt(iat)
        .setExpirationTime(iat + DEFAULTS.tokenTtlSeconds)
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: DEFAULTS.tokenIssuer,
          currentDate: new Date(now()),
          requiredClaims: ['sub', 'exp'],
        });
        // A grant is never a member token (it has an audience, `kind` and no role).
        if (payload.aud !== undefined || payload.kind !== undefined) return undefined;
        const role = (ROLES as readonly unknown[]).includes(payload.role) ? (payload.role as Role) : undefined;
        if (role === undefined || payload.sub === undefined || !isUuid(payload.sub)) return undefined;
        return { userId: payload.sub as UserId, role };
      } catch (error) {
        if (error instanceof joseErrors.JOSEError) return undefined;
        throw error;
      }
    },
    async signGrant({ sub, shareLinkId, documentId }, expiresAtMs) {
      const iat = Math.floor(now() / 1000);
      return new SignJWT({ kind: 'grant', shareLinkId, documentId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setIssuer(DEFAULTS.tokenIssuer)
        .setAudience(GRANT_AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(Math.max(iat + 1, Math.ceil(expiresAtMs / 1000)))
        .sign(key);
    },
    async verifyGrant(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: DEFAULTS.tokenIssuer,
          audience: GRANT_AUDIENCE,
          currentDate: new Date(now()),
          requiredClaims: ['sub', 'exp'],
        });
        const claims = grantClaimsOf(payload);
        return claims ? { ok: true, claims } : { ok: false };
      } catch (error) {
        // The signature was checked before the expiry: these claims are ours.
        if (error instanceof joseErrors.JWTExpired) {
          const claims = payload(error);
          return claims ? { ok: false, expired: claims } : { ok: false };
        }
        if (error instanceof joseErrors.JOSEError) return { ok: false };
        throw error;
      }
    },
  };
}
