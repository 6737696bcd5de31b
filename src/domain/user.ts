import { z } from 'zod';
import { timestampSchema, userIdSchema } from './ids';

export const ROLES = ['admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

export const userSchema = z.object({
  id: userIdSchema,
  email: z.email(),
  name: z.string().min(1).max(120),
  role: z.enum(ROLES),
  createdAt: timestampSchema,
});
export type User = z.infer<typeof userSchema>;

export const signupRequestSchema = z.object({
  email: z.email().max(254).transform((e) => e.toLowerCase()),
  password: z.string().min(8, 'at least 8 characters').max(200),
  name: z.string().trim().min(1).max(120),
  /** The code of an admin's invite; needed for every account after the first (unless SIGNUP=open). */
  invite: z.string().max(64).optional(),
});
export type SignupRequest = z.infer<typeof signupRequestSchema>;

export const loginRequestSchema = z.object({
  email: z.string().max(254).transform((e) => e.toLowerCase()),
  password: z.string().max(200),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/**
 * `token`: the short-lived access token. `refreshToken` trades for a new pair at
 * `POST /api/auth/refresh` (optional in the schema: relays before it sent none).
 */
export const authResponseSchema = z.object({ token: z.string().min(1), refreshToken: z.string().min(1).optional(), user: userSchema });
export type AuthResponse = z.infer<typeof authResponseSchema>;

export const refreshRequestSchema = z.object({ refreshToken: z.string().min(1).max(4096) });
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;

export const userListResponseSchema = z.object({ users: z.array(userSchema) });

/** `GET /api/members`: who is in the workspace, by name (`role` only in an admin's answer). Never emails. */
export const memberSchema = z.object({ id: userIdSchema, name: z.string().min(1).max(120), role: z.enum(ROLES).optional() });
export type Member = z.infer<typeof memberSchema>;
export const membersResponseSchema = z.object({ members: z.array(memberSchema) });
