import { z } from 'zod';
import { userSchema } from '../domain';

/**
 * Sign-up, sign-in and sessions (DESIGN §5, §5.1; sync-server/API.md): `POST /api/auth/signup`,
 * `/login`, `/refresh`, `GET /api/me`, `GET /api/workspace`. The relay parses the requests with
 * these schemas, the client parses the answers with them.
 */

/** `SIGNUP`: 'invite' (every account after the first needs an invite) or 'open' (demos). */
export const SIGNUP_MODES = ['invite', 'open'] as const;
export type SignupMode = (typeof SIGNUP_MODES)[number];

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

/** `GET /api/me`. */
export const meResponseSchema = z.object({ user: userSchema });
export type MeResponse = z.infer<typeof meResponseSchema>;

/**
 * `GET /api/workspace` (extension): whether the app shows *Create workspace* or *Sign in* first.
 * `signup` is optional for relays that predate it.
 */
export const workspaceResponseSchema = z.object({ hasUsers: z.boolean(), signup: z.enum(SIGNUP_MODES).optional() });
export type WorkspaceResponse = z.infer<typeof workspaceResponseSchema>;
