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

/** A workspace member by name (`role` only as an admin sees it), as `GET /api/members` answers and kv `members` keeps it. Never emails. */
export const memberSchema = z.object({ id: userIdSchema, name: z.string().min(1).max(120), role: z.enum(ROLES).optional() });
export type Member = z.infer<typeof memberSchema>;
