import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { ROLES, isUuid } from '../../../src/domain';
import type { Role, UserId } from '../../../src/domain';
import { DEFAULTS } from '../config';

export interface TokenClaims {
  readonly userId: UserId;
  readonly role: Role;
}

export interface TokenService {
  sign(claims: TokenClaims): Promise<string>;
  /** The claims of a valid token, or undefined for a bad, expired or foreign one. */
  verify(token: string): Promise<TokenClaims | undefined>;
}

/** HS256 session tokens: sub = user id, role, issuer 'fieldbook', 30-day expiry. */
export function createTokenService(secret: string, now: () => number): TokenService {
  const key = new TextEncoder().encode(secret);
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
        const role = (ROLES as readonly unknown[]).includes(payload.role) ? (payload.role as Role) : undefined;
        if (role === undefined || payload.sub === undefined || !isUuid(payload.sub)) return undefined;
        return { userId: payload.sub as UserId, role };
      } catch (error) {
        if (error instanceof joseErrors.JOSEError) return undefined;
        throw error;
      }
    },
  };
}
