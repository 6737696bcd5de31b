import { z } from 'zod';
import { changeSchema } from '../domain';

/**
 * The change feed (DESIGN §5): `GET /api/changes?since=&limit=` answers
 * `{changes: [{seq, kind, id, value}], cursor, hasMore}`; `since` and `cursor` are opaque.
 * Each entry's `value` is parsed by its kind's record schema where it enters the client.
 */
export const changesQuerySchema = z.object({
  since: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type ChangesQuery = z.input<typeof changesQuerySchema>;

export const changesResponseSchema = z.object({
  changes: z.array(changeSchema),
  cursor: z.string(),
  hasMore: z.boolean(),
});
export type ChangesResponse = z.infer<typeof changesResponseSchema>;

/**
 * `GET /api/events` (extension, server-sent events): one `event: changes` per committed change
 * the caller may read, `data: {"seq": N}` — only a hint to pull now; the cursor stays opaque.
 */
export const LIVE_EVENT = { changes: 'changes' } as const;
export const changesEventSchema = z.object({ seq: z.number().int().nonnegative() });
export type ChangesEvent = z.infer<typeof changesEventSchema>;
