import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { INVITE_LIFETIME } from '../../../src/domain';
import { API_ROUTES, createInviteRequestSchema, ERROR_CODES } from '../../../src/protocol';
import type { CreateInviteResponse, InviteListResponse, RevokeInviteResponse, SignOutResponse, UserListResponse } from '../../../src/protocol';
import type { User } from '../../../src/domain';
import type { Authenticate } from '../auth/authenticate';
import { hashInviteCode, newInviteCode } from '../auth/invite-codes';
import type { InviteRepo } from '../db/invite-repo';
import type { UserRepo } from '../db/user-repo';
import { HttpError, parseInput } from '../errors';

export interface InviteRouteDeps {
  readonly invites: InviteRepo;
  readonly users: UserRepo;
  readonly authenticate: Authenticate;
  readonly now: () => number;
  /** Close the member's open sockets (4401) once their tokens stopped working. */
  readonly onSignedOut: (userId: string) => void;
}

/** Invites listed at most (newest first). */
const INVITE_LIST_LIMIT = 200;

async function admin(authenticate: Authenticate, request: FastifyRequest): Promise<User> {
  const user = await authenticate(request);
  if (user.role !== 'admin') throw new HttpError(403, ERROR_CODES.forbidden, 'Only an admin can manage invites and accounts');
  return user;
}

/** `<origin>/join#<code>`: the code stays in the fragment, so it never reaches a server log or a Referer. */
const joinUrl = (request: FastifyRequest, code: string): string => `${request.protocol}://${request.host}/join#${code}`;

/** Invites (admin) and the admin's view of accounts: list them, sign one out everywhere. */
export function registerInviteRoutes(app: FastifyInstance, deps: InviteRouteDeps): void {
  const { invites, users, authenticate, now } = deps;

  app.post(API_ROUTES.createInvite.path, async (request, reply) => {
    const creator = await admin(authenticate, request);
    const body = parseInput(createInviteRequestSchema, request.body ?? {});
    const at = now();
    const expiresAt = body.expiresAt ?? at + INVITE_LIFETIME.defaultMs;
    if (expiresAt <= at || expiresAt > at + INVITE_LIFETIME.maxMs) {
      throw new HttpError(422, ERROR_CODES.invalid, 'The request body is not valid', [
        { path: 'expiresAt', message: `must be in the future and at most ${INVITE_LIFETIME.maxMs / 86_400_000} days away` },
      ]);
    }
    const code = newInviteCode();
    const invite = invites.create({
      id: randomUUID(),
      codeHash: hashInviteCode(code),
      email: body.email,
      role: body.role ?? 'member',
      createdBy: creator.id,
      createdAt: at,
      expiresAt,
    });
    request.log.info({ inviteId: invite.id, role: invite.role, bound: invite.email !== undefined }, 'invite created');
    const created: CreateInviteResponse = { id: invite.id, code, url: joinUrl(request, code), invite };
    return reply.code(201).send(created);
  });

  app.get(API_ROUTES.listInvites.path, async (request): Promise<InviteListResponse> => {
    await admin(authenticate, request);
    return { invites: invites.list(INVITE_LIST_LIMIT) };
  });

  app.post<{ Params: { id: string } }>(API_ROUTES.revokeInvite.path, async (request): Promise<RevokeInviteResponse> => {
    await admin(authenticate, request);
    const invite = invites.revoke(request.params.id, now());
    if (!invite) throw new HttpError(404, ERROR_CODES.notFound, 'No such invite');
    return { invite };
  });

  app.get(API_ROUTES.listUsers.path, async (request): Promise<UserListResponse> => {
    await admin(authenticate, request);
    return { users: users.list() };
  });

  // Sign a user out on every device (a lost tablet): their tokens, refresh tokens included, stop
  // working at once and their open sockets close with 4401. They sign in again with their password.
  app.post<{ Params: { id: string } }>(API_ROUTES.signOutUser.path, async (request): Promise<SignOutResponse> => {
    const by = await admin(authenticate, request);
    const version = users.bumpTokenVersion(request.params.id);
    if (version === undefined) throw new HttpError(404, ERROR_CODES.notFound, 'No such account');
    deps.onSignedOut(request.params.id);
    request.log.info({ userId: request.params.id, by: by.id }, 'user signed out everywhere');
    return { ok: true };
  });
}
