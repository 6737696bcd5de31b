import type { FastifyInstance } from 'fastify';
import type { ShareLink } from '../../../src/domain';
import { API_ROUTES, ERROR_CODES, redeemRequestSchema } from '../../../src/protocol';
import type { RecordResponse, RedeemResponse } from '../../../src/protocol';
import type { Authenticate } from '../auth/authenticate';
import { optionalMember } from '../auth/authenticate';
import type { TokenService } from '../auth/tokens';
import type { UserRepo } from '../db/user-repo';
import { HttpError, parseInput } from '../errors';
import type { FailureLimiter } from '../shares/failure-limiter';
import type { RedeemService } from '../shares/redeem-service';
import type { ShareLinkService } from '../shares/share-link-service';
import { authenticatedRoutes } from './authenticated';

export interface ShareRouteDeps {
  readonly links: ShareLinkService;
  readonly redeem: RedeemService;
  readonly authenticate: Authenticate;
  readonly tokens: TokenService;
  readonly users: UserRepo;
  /** Failed redemptions per client address; undefined: unlimited (tests, benchmarks). */
  readonly failures: FailureLimiter | undefined;
  /** Largest redemption body in bytes (it holds a token and two ids). */
  readonly bodyLimit: number;
  /** After a link was revoked (by POST or by a PUT carrying `revokedAt`): close its recipients' sockets. */
  readonly onRevoked: (link: ShareLink) => void;
}

type IdParams = { id: string };

const isCountedFailure = (error: HttpError): boolean =>
  error.statusCode === 404 || error.statusCode === 410 || error.code === ERROR_CODES.sessionMismatch;

export function registerShareRoutes(app: FastifyInstance, deps: ShareRouteDeps): void {
  const { links, redeem, authenticate, tokens, users, failures, onRevoked } = deps;
  const member = authenticatedRoutes(authenticate);

  app.put<{ Params: IdParams }>(API_ROUTES.putShareLink.path, { onRequest: member.onRequest }, (request): RecordResponse => {
    const value = links.put(member.callerOf(request), request.params.id, request.body);
    if (value.revokedAt !== undefined) onRevoked(value);
    return { value };
  });

  app.post<{ Params: IdParams }>(API_ROUTES.revokeShareLink.path, { onRequest: member.onRequest }, (request): RecordResponse => {
    const { link } = links.revoke(member.callerOf(request), request.params.id);
    onRevoked(link);
    return { value: link };
  });

  app.post(API_ROUTES.redeem.path, { bodyLimit: deps.bodyLimit }, async (request): Promise<RedeemResponse> => {
    const body = parseInput(redeemRequestSchema, request.body);
    const member = await optionalMember(request, tokens, users);
    const key = request.ip;
    try {
      return await redeem.redeem(body.token, body.sessionId, body.sessionSecret, member);
    } catch (error) {
      // Only guesses, dead links and someone else's session count, and only they are ever
      // refused for them: a valid token always redeems, however many failures came from its
      // address (a NAT, a proxy), and neither a good link opened again nor a document the relay
      // does not have yet (503) counts.
      if (!(error instanceof HttpError) || !isCountedFailure(error) || !failures) throw error;
      const wait = failures.retryAfter(key);
      if (wait > 0) {
        throw new HttpError(429, ERROR_CODES.rateLimited, `Too many failed attempts; try again in ${wait} s`, undefined, { 'retry-after': String(wait) });
      }
      failures.hit(key);
      throw error;
    }
  });
}
