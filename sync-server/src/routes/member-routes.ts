import type { FastifyInstance } from 'fastify';
import { ERROR_CODES } from '../../../src/domain';
import type { Authenticate } from '../auth/authenticate';
import type { UserRepo } from '../db/user-repo';
import { HttpError } from '../errors';

export interface MemberRouteDeps {
  readonly users: Pick<UserRepo, 'list'>;
  readonly authenticate: Authenticate;
}

/**
 * Extension of DESIGN §5: `GET /api/members` (admin) answers `{members: [{id, name, role}]}`, so
 * an admin's device can say who did what in Activity and in a run under review. Never emails.
 */
export function registerMemberRoutes(app: FastifyInstance, { users, authenticate }: MemberRouteDeps): void {
  app.get('/api/members', async (request) => {
    const caller = await authenticate(request);
    if (caller.role !== 'admin') throw new HttpError(403, ERROR_CODES.forbidden, 'Only workspace admins can list members');
    return { members: users.list().map(({ id, name, role }) => ({ id, name, role })) };
  });
}
