import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ERROR_CODES, loginRequestSchema, signupRequestSchema } from '../../../src/domain';
import type { User, UserId } from '../../../src/domain';
import type { Authenticate } from '../auth/authenticate';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../auth/password';
import type { TokenService } from '../auth/tokens';
import type { UserRepo } from '../db/user-repo';
import { HttpError, parseInput } from '../errors';

export interface AuthRouteDeps {
  readonly users: UserRepo;
  readonly tokens: TokenService;
  readonly authenticate: Authenticate;
  readonly now: () => number;
  /** Per-route @fastify/rate-limit config for sign-up and sign-in, or false for none. */
  readonly rateLimit: { max: number; timeWindow: number } | false;
}

/** One message for unknown email and wrong password, so sign-in does not reveal who has an account. */
const BAD_CREDENTIALS = 'Email or password is incorrect';

export function registerAuthRoutes(app: FastifyInstance, deps: AuthRouteDeps): void {
  const { users, tokens, authenticate, now } = deps;
  const config = deps.rateLimit ? { rateLimit: deps.rateLimit } : {};
  const session = async (user: User) => ({ token: await tokens.sign({ userId: user.id, role: user.role }), user });

  app.get('/api/workspace', () => ({ hasUsers: users.hasUsers() }));

  app.post('/api/auth/signup', { config }, async (request, reply) => {
    const body = parseInput(signupRequestSchema, request.body);
    if (users.findByEmail(body.email)) throw new HttpError(409, ERROR_CODES.emailTaken, 'An account with this email already exists');
    const passwordHash = await hashPassword(body.password);
    const user = users.create({ id: randomUUID() as UserId, email: body.email, name: body.name, passwordHash, createdAt: now() });
    if (!user) throw new HttpError(409, ERROR_CODES.emailTaken, 'An account with this email already exists');
    request.log.info({ userId: user.id, role: user.role }, 'account created');
    return reply.code(201).send(await session(user));
  });

  app.post('/api/auth/login', { config }, async (request) => {
    const body = parseInput(loginRequestSchema, request.body);
    const stored = users.findByEmail(body.email);
    const ok = stored ? await verifyPassword(body.password, stored.passwordHash) : await burnPasswordCheck(body.password);
    if (!stored || !ok) throw new HttpError(401, ERROR_CODES.badCredentials, BAD_CREDENTIALS);
    return session(stored.user);
  });

  app.get('/api/me', async (request) => ({ user: await authenticate(request) }));
}
