import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { API_ROUTES, ERROR_CODES, loginRequestSchema, refreshRequestSchema, signupRequestSchema } from '../../../src/protocol';
import type { AuthResponse, MeResponse, WorkspaceResponse } from '../../../src/protocol';
import type { User, UserId } from '../../../src/domain';
import type { Authenticate } from '../auth/authenticate';
import { isCommonPassword } from '../auth/common-passwords';
import { hashInviteCode } from '../auth/invite-codes';
import type { LoginBackoff } from '../auth/login-backoff';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../auth/password';
import type { TokenService } from '../auth/tokens';
import type { SignupMode } from '../config';
import type { InviteRefusal, InviteRepo } from '../db/invite-repo';
import type { SignupGate, UserRepo } from '../db/user-repo';
import { HttpError, parseInput } from '../errors';

export interface AuthRouteDeps {
  readonly users: UserRepo;
  readonly invites: InviteRepo;
  readonly tokens: TokenService;
  readonly authenticate: Authenticate;
  readonly now: () => number;
  /** 'invite': every account after the first needs an invite; 'open': anyone may sign up (demos). */
  readonly signup: SignupMode;
  /** Per-route @fastify/rate-limit config for sign-up and sign-in, or false for none. */
  readonly rateLimit: { max: number; timeWindow: number } | false;
  /** Per-account backoff on failed sign-ins; undefined: none. */
  readonly loginBackoff?: LoginBackoff;
  /** Largest sign-up / sign-in body in bytes. */
  readonly bodyLimit: number;
}

/** One message for unknown email and wrong password, so sign-in does not reveal who has an account. */
const BAD_CREDENTIALS = 'Email or password is incorrect';
const EMAIL_TAKEN = 'An account with this email already exists';
const EXPIRED_SESSION = 'The session has ended; sign in again';

const INVITE_MESSAGES: Readonly<Record<InviteRefusal | 'missing', string>> = {
  missing: 'This workspace needs an invite to sign up; ask an admin for one',
  unknown: 'This invite is not valid; ask an admin for a new one',
  used: 'This invite has already been used; ask an admin for a new one',
  revoked: 'This invite was withdrawn; ask an admin for a new one',
  expired: 'This invite has expired; ask an admin for a new one',
  other_email: 'This invite is for a different email address',
};

export function registerAuthRoutes(app: FastifyInstance, deps: AuthRouteDeps): void {
  const { users, invites, tokens, authenticate, now } = deps;
  const config = deps.rateLimit ? { rateLimit: deps.rateLimit } : {};
  const { loginBackoff, bodyLimit } = deps;
  const session = async (user: User, version: number): Promise<AuthResponse> => {
    const claims = { userId: user.id, role: user.role, version };
    return { token: await tokens.sign(claims), refreshToken: await tokens.signRefresh(claims), user };
  };

  app.get(API_ROUTES.workspace.path, (): WorkspaceResponse => ({ hasUsers: users.hasUsers(), signup: deps.signup }));

  app.post(API_ROUTES.signup.path, { config, bodyLimit }, async (request, reply) => {
    const body = parseInput(signupRequestSchema, request.body);
    if (isCommonPassword(body.password)) {
      throw new HttpError(422, ERROR_CODES.weakPassword, 'Choose a less common password', [
        { path: 'password', message: 'This password is one of the most common ones; choose another.' },
      ]);
    }
    const passwordHash = await hashPassword(body.password);
    const id = randomUUID() as UserId;
    const at = now();
    // Open sign-up, the first account, or an invite claimed in the same transaction as the insert.
    const gate: SignupGate<InviteRefusal | 'missing'> = (first) => {
      if (first) return { ok: true, role: 'admin' };
      if (body.invite === undefined) return deps.signup === 'open' ? { ok: true, role: 'member' } : { ok: false, refusal: 'missing' };
      const claim = invites.claim(hashInviteCode(body.invite), body.email, id, at);
      return claim.ok ? { ok: true, role: claim.role } : { ok: false, refusal: claim.reason };
    };
    const created = users.create({ id, email: body.email, name: body.name, passwordHash, createdAt: at }, gate);
    if (!created.ok && created.emailTaken) throw new HttpError(409, ERROR_CODES.emailTaken, EMAIL_TAKEN);
    if (!created.ok) throw new HttpError(403, ERROR_CODES.inviteRequired, INVITE_MESSAGES[created.refusal]);
    request.log.info({ userId: created.user.id, role: created.user.role, invited: body.invite !== undefined }, 'account created');
    return reply.code(201).send(await session(created.user, 0));
  });

  app.post(API_ROUTES.login.path, { config, bodyLimit }, async (request) => {
    const body = parseInput(loginRequestSchema, request.body);
    const wait = loginBackoff?.retryAfter(body.email) ?? 0;
    if (wait > 0) {
      throw new HttpError(429, ERROR_CODES.rateLimited, `Too many failed sign-ins for this account; try again in ${wait} s`, undefined, {
        'retry-after': String(wait),
      });
    }
    const stored = users.findByEmail(body.email);
    const ok = stored ? await verifyPassword(body.password, stored.passwordHash) : await burnPasswordCheck(body.password);
    if (!stored || !ok) {
      loginBackoff?.failed(body.email);
      throw new HttpError(401, ERROR_CODES.badCredentials, BAD_CREDENTIALS);
    }
    loginBackoff?.succeeded(body.email);
    return session(stored.user, stored.tokenVersion);
  });

  // A refresh token for a new access + refresh pair; refused (401) once expired or once the
  // user's token version moved past it (signed out by an admin). Not rate limited: it guesses
  // nothing (a signature check), and a site's tablets behind one address all refresh.
  app.post(API_ROUTES.refresh.path, async (request) => {
    const body = parseInput(refreshRequestSchema, request.body);
    const claims = await tokens.verifyRefresh(body.refreshToken);
    const stored = claims && users.findStored(claims.userId);
    if (!claims || !stored || stored.tokenVersion !== claims.version) throw new HttpError(401, ERROR_CODES.unauthenticated, EXPIRED_SESSION);
    return session(stored.user, stored.tokenVersion);
  });

  app.get(API_ROUTES.me.path, async (request): Promise<MeResponse> => ({ user: await authenticate(request) }));
}
