import { z } from 'zod';

/**
 * The replicated record kinds, the words of the change feed. Each has its rules in
 * `src/records/<kind>.ts`, looked up through `RECORDS` (its test fails on a kind without an entry).
 */
export const CHANGE_KINDS = ['document', 'version', 'instance', 'activity', 'shareLink'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * One entry of `GET /api/changes`. `value` is parsed by the record schema of its kind
 * where it enters the client (the puller), so it stays `unknown` here.
 */
export const changeSchema = z.object({
  seq: z.number().int().nonnegative(),
  kind: z.enum(CHANGE_KINDS),
  id: z.string(),
  value: z.unknown(),
});
export type Change = z.infer<typeof changeSchema>;
