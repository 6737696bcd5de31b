import type { FastifyRequest } from 'fastify';
import type { User } from '../../../src/domain';
import type { UserRepo } from '../db/user-repo';
import { ERROR_CODES } from '../../../src/domain';
import { HttpError } from '../errors';
import type { TokenService } from './tokens';

export type Authenticate = (request: FastifyRequest) => Promise<User>;

const BEARER = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i;

/** Resolve the caller from `Authorization: Bearer <token>`; the role comes from the database, not the token. */
export function createAuthenticate(tokens: TokenService, users: UserRepo): Authenticate {
  return async (request) => {
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match?.[1]) throw new HttpError(401, ERROR_CODES.unauthenticated, 'Sign in first (missing bearer token)');
    const claims = await tokens.verify(match[1]);
    const user = claims ? users.findById(claims.userId) : undefined;
    if (!user) throw new HttpError(401, ERROR_CODES.unauthenticated, 'The session is invalid or has expired; sign in again');
    return user;
  };
}
