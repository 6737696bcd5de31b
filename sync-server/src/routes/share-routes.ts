import type { FastifyInstance } from 'fastify';
import type { ShareLink } from '../../../src/domain';
import { ERROR_CODES } from '../../../src/domain';
import type { Authenticate } from '../auth/authenticate';
import { optionalMember } from '../auth/authenticate';
import type { TokenService } from '../auth/tokens';
import type { UserRepo } from '../db/user-repo';
import { HttpError, parseInput } from '../errors';
import type { FailureLimiter } from '../shares/failure-limiter';
import { redeemRequestSchema } from '../shares/redeem-service';
import type { RedeemService } from '../shares/redeem-service';
import type { ShareLinkService } from '../shares/share-link-service';

export interface ShareRouteDeps {
  readonly links: ShareLinkService;
  readonly redeem: RedeemService;
  readonly authenticate: Authenticate;
  readonly tokens: TokenService;
  readonly users: UserRepo;
  /** Failed redemptions per IP; undefined: unlimited (tests, benchmarks). */
  readonly failures: FailureLimiter | undefined;
  /** After a link was revoked (by POST or by a PUT carrying `revokedAt`): close its recipients' sockets. */
  readonly onRevoked: (link: ShareLink) => void;
}

type IdParams = { id: string };

const isCountedFailure = (error: HttpError): boolean =>
  error.statusCode === 404 || error.statusCode === 410 || error.code === ERROR_CODES.sessionMismatch;

export function registerShareRoutes(app: FastifyInstance, deps: ShareRouteDeps): void {
  const { links, redeem, authenticate, tokens, users, failures, onRevoked } = deps;

  app.put<{ Params: IdParams }>('/api/share-links/:id', async (request) => {
    const caller = await authenticate(request);
    const value = links.put(caller, request.params.id, request.body);
    if (value.revokedAt !== undefined) onRevoked(value);
    return { value };
  });

  app.post<{ Params: IdParams }>('/api/share-links/:id/revoke', async (request) => {
    const caller = await authenticate(request);
    const { link } = links.revoke(caller, request.params.id);
    onRevoked(link);
    return { value: link };
  });

  app.post('/api/shares/redeem', async (request, reply) => {
    const key = request.ip;
    const wait = failures?.retryAfter(key) ?? 0;
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      throw new HttpError(429, ERROR_CODES.rateLimited, `Too many failed attempts; try again in ${wait} s`);
    }
    const body = parseInput(redeemRequestSchema, request.body);
    const member = await optionalMember(request, tokens, users);
    try {
      return await redeem.redeem(body.token, body.sessionId, body.sessionSecret, member);
    } catch (error) {
      // Only guesses, dead links and someone else's session count: a good link opened again
      // never locks anyone out, nor does a document the relay does not have yet (503).
      if (error instanceof HttpError && isCountedFailure(error)) failures?.fail(key);
      throw error;
    }
  });
}
