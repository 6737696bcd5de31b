import { z } from 'zod';
import { memberSchema, userSchema } from '../domain';

/** `GET /api/users` (admin): every account. */
export const userListResponseSchema = z.object({ users: z.array(userSchema) });
export type UserListResponse = z.infer<typeof userListResponseSchema>;

/** `GET /api/members`: who is in the workspace, by name (`role` only in an admin's answer). Never emails. */
export const membersResponseSchema = z.object({ members: z.array(memberSchema) });
export type MembersResponse = z.infer<typeof membersResponseSchema>;

/** `POST /api/users/:id/sign-out` (admin): the user's tokens stop working everywhere. */
export const signOutResponseSchema = z.object({ ok: z.literal(true) });
export type SignOutResponse = z.infer<typeof signOutResponseSchema>;
