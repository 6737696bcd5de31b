import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { JWTPayload } from 'jose';
import { createSecretKey } from 'node:crypto';
import { ROLES, isUuid } from '../../../src/domain';
import type { Role, UserId } from '../../../src/domain';
import { DEFAULTS } from '../config';

export interface TokenClaims {
  readonly userId: UserId;
  readonly role: Role;
  /** The user's token version when signed; an older one than the stored version is refused. */
  readonly version: number;
}

/** A verified member token: its claims and when it stops working (epoch ms). */
export interface VerifiedToken extends TokenClaims {
  readonly expiresAt: number;
}

export interface TokenLifetimes {
  readonly accessSeconds: number;
  readonly refreshSeconds: number;
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
  /** A short-lived access token (`accessSeconds`). */
  sign(claims: TokenClaims): Promise<string>;
  /** The claims of a valid member token, or undefined for a bad, expired or foreign one (a grant or refresh token included). */
  verify(token: string): Promise<VerifiedToken | undefined>;
  /** A refresh token (`refreshSeconds`, audience `REFRESH_AUDIENCE`): only `POST /api/auth/refresh` takes it. */
  signRefresh(claims: TokenClaims): Promise<string>;
  verifyRefresh(token: string): Promise<TokenClaims | undefined>;
  /** A share grant: `kind: 'grant'`, audience `GRANT_AUDIENCE`, expiring at `expiresAtMs`. */
  signGrant(claims: GrantClaims, expiresAtMs: number): Promise<string>;
  /** Never accepts a member token: the audience and `kind` claims differ. */
  verifyGrant(token: string): Promise<GrantCheck>;
}

/** Grants carry this audience and member tokens none, so neither is ever taken for the other. */
export const GRANT_AUDIENCE = 'fieldbook:share-grant';
/** Refresh tokens carry this audience, so one is never taken for an access token (nor the reverse). */
export const REFRESH_AUDIENCE = 'fieldbook:refresh';

const roleOf = (value: unknown): Role | undefined => ((ROLES as readonly unknown[]).includes(value) ? (value as Role) : undefined);
/** Tokens signed before versions existed carry none: version 0, the column's default. */
const versionOf = (value: unknown): number | undefined => (value === undefined ? 0 : Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined);

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

/**
 * HS256 tokens, issuer 'fieldbook'. Access tokens: sub = user id, role, ver = token version,
 * `accessSeconds` of life. Refresh tokens: the same claims, `kind: 'refresh'`, audience
 * `REFRESH_AUDIENCE`, `refreshSeconds` of life.
 */
export function createTokenService(
  secret: string,
  now: () => number,
  lifetimes: TokenLifetimes = { accessSeconds: DEFAULTS.accessTokenTtlSeconds, refreshSeconds: DEFAULTS.refreshTokenTtlSeconds },
): TokenService {
  // Imported once: jose would otherwise import a raw key on every sign and verify.
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const signMember = (extra: JWTPayload, { userId, role, version }: TokenClaims, seconds: number, audience?: string) => {
    const iat = Math.floor(now() / 1000);
    const jwt = new SignJWT({ ...extra, role, ver: version })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuer(DEFAULTS.tokenIssuer)
      .setIssuedAt(iat)
      .setExpirationTime(iat + seconds);
    return (audience === undefined ? jwt : jwt.setAudience(audience)).sign(key);
  };
  const memberClaims = (payload: JWTPayload): TokenClaims | undefined => {
    const role = roleOf(payload.role);
    const version = versionOf(payload.ver);
    if (role === undefined || version === undefined || payload.sub === undefined || !isUuid(payload.sub)) return undefined;
    return { userId: payload.sub as UserId, role, version };
  };
  return {
    sign: (claims) => signMember({}, claims, lifetimes.accessSeconds),
    signRefresh: (claims) => signMember({ kind: 'refresh' }, claims, lifetimes.refreshSeconds, REFRESH_AUDIENCE),
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: DEFAULTS.tokenIssuer,
          currentDate: new Date(now()),
          requiredClaims: ['sub', 'exp'],
        });
        // A grant or refresh token is never an access token (each has an audience and `kind`).
        if (payload.aud !== undefined || payload.kind !== undefined || payload.exp === undefined) return undefined;
        const claims = memberClaims(payload);
        return claims && { ...claims, expiresAt: payload.exp * 1000 };
      } catch (error) {
        if (error instanceof joseErrors.JOSEError) return undefined;
        throw error;
      }
    },
    async verifyRefresh(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: DEFAULTS.tokenIssuer,
          audience: REFRESH_AUDIENCE,
          currentDate: new Date(now()),
          requiredClaims: ['sub', 'exp'],
        });
        return payload.kind === 'refresh' ? memberClaims(payload) : undefined;
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
