import type { FastifyInstance } from 'fastify';
import { API_ROUTES } from '../../../src/protocol';
import type { MembersResponse } from '../../../src/protocol';
import type { Authenticate } from '../auth/authenticate';
import type { UserRepo } from '../db/user-repo';

export interface MemberRouteDeps {
  readonly users: Pick<UserRepo, 'list'>;
  readonly authenticate: Authenticate;
}

/**
 * Extension of DESIGN §5: `GET /api/members` answers every signed-in member `{members: [{id, name}]}`
 * (admins also get each `role`), so any device can say who did what in Activity and beside the
 * answers of a run. Never emails; a share grant is refused (it is not a member token).
 */
export function registerMemberRoutes(app: FastifyInstance, { users, authenticate }: MemberRouteDeps): void {
  app.get(API_ROUTES.members.path, async (request): Promise<MembersResponse> => {
    const caller = await authenticate(request);
    const admin = caller.role === 'admin';
    return { members: users.list().map(({ id, name, role }) => (admin ? { id, name, role } : { id, name })) };
  });
}
