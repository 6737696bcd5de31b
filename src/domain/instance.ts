import { z } from 'zod';
import { answerValueSchema } from './answers';
import { contentTypeSchema } from './definition';
import { documentIdSchema, instanceIdSchema, sessionIdSchema, shareLinkIdSchema, timestampSchema, userIdSchema, versionIdSchema } from './ids';
import { instanceStatusSchema, mergeStatus } from './status';

export const runScoreSchema = z.object({ got: z.number().min(0).max(1e9), max: z.number().min(0).max(1e9) });
export type RunScore = z.infer<typeof runScoreSchema>;

export const instanceSchema = z
  .object({
    id: instanceIdSchema,
    sourceDocumentId: documentIdSchema,
    documentVersionId: versionIdSchema,
    contentType: contentTypeSchema,
    title: z.string().min(1).max(200),
    userId: userIdSchema.optional(),
    sessionId: sessionIdSchema.optional(),
    shareLinkId: shareLinkIdSchema.optional(),
    status: instanceStatusSchema,
    /** 0..1, projected from the completion doc. */
    progress: z.number().min(0).max(1).optional(),
    /** The run's own name, from the definition's `titleTemplate` and the answers ("Pre-trip — Ute 14"). */
    name: z.string().min(1).max(200).optional(),
    /** How many answers are flagged (flagged responses and out-of-range readings), projected like progress. */
    flagged: z.number().int().min(0).max(100_000).optional(),
    /** The run's score when the definition scores answers: `got` of `max` points (weights applied). */
    score: runScoreSchema.optional(),
    createdAt: timestampSchema,
    startedAt: timestampSchema.optional(),
    completedAt: timestampSchema.optional(),
    submittedAt: timestampSchema.optional(),
    abandonedAt: timestampSchema.optional(),
    /** Why the run was given up (with `abandoned`). */
    abandonReason: z.string().min(1).max(500).optional(),
    lastActivityAt: timestampSchema,
    /** A finished run's calculated values by key, frozen when it finished (derived on read until then). */
    calculated: z.record(z.string().max(200), answerValueSchema).optional(),
  })
  .refine((i) => (i.userId === undefined) !== (i.sessionId === undefined), {
    message: 'exactly one of userId and sessionId must be set',
    path: ['userId'],
  });
export type Instance = z.infer<typeof instanceSchema>;

const minDefined = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

/**
 * Two devices that both abandoned a run keep one reason, the same everywhere: the larger text.
 * (Choosing by time would need the time that went with each reason, which a merged replica
 * no longer has; a fixed order keeps the merge associative.)
 */
function abandonReasonOf(a: Instance, b: Instance): string | undefined {
  if (a.abandonReason === undefined) return b.abandonReason;
  if (b.abandonReason === undefined) return a.abandonReason;
  return a.abandonReason > b.abandonReason ? a.abandonReason : b.abandonReason;
}

type Projected = Pick<Instance, 'progress' | 'name' | 'flagged' | 'score'>;

/** Tie-breaks for the projected fields at equal lastActivityAt: a fixed order keeps the merge commutative. */
const TIE: { readonly [K in keyof Projected]-?: (a: NonNullable<Projected[K]>, b: NonNullable<Projected[K]>) => boolean } = {
  progress: (a, b) => a >= b,
  name: (a, b) => a >= b,
  flagged: (a, b) => a >= b,
  score: (a, b) => a.got > b.got || (a.got === b.got && a.max >= b.max),
};

/**
 * A field projected from the completion doc (it can go down: a step unticked, an answer changed)
 * follows the replica that acted last; on a tie a known value beats an unknown one and the
 * tie-break order decides between two known ones.
 */
function projected<K extends keyof Projected>(key: K, a: Instance, b: Instance): Projected[K] {
  if (a.lastActivityAt !== b.lastActivityAt) return (a.lastActivityAt > b.lastActivityAt ? a : b)[key];
  const x = a[key];
  const y = b[key];
  if (x === undefined) return y;
  if (y === undefined) return x;
  const firstWins = TIE[key] as (a: NonNullable<Projected[K]>, b: NonNullable<Projected[K]>) => boolean;
  return firstWins(x, y) ? x : y;
}

/**
 * Merge two replicas of one instance record: status by lattice join, first-happened
 * timestamps by min, lastActivityAt by max, progress/name/flagged/score from the later replica. Commutative and idempotent.
 */
export function mergeInstance(a: Instance, b: Instance): Instance {
  const status = mergeStatus(a.status, b.status);
  const merged: Instance = {
    ...a,
    status,
    lastActivityAt: Math.max(a.lastActivityAt, b.lastActivityAt),
    createdAt: Math.min(a.createdAt, b.createdAt),
  };
  // Progress, name, flag count and score follow the replica that acted last (see `projected`).
  for (const key of ['progress', 'name', 'flagged', 'score'] as const) {
    const value = projected(key, a, b);
    if (value === undefined) delete merged[key];
    else Object.assign(merged, { [key]: value });
  }
  const reason = abandonReasonOf(a, b);
  if (reason === undefined) delete merged.abandonReason;
  else merged.abandonReason = reason;
  for (const key of ['startedAt', 'completedAt', 'submittedAt', 'abandonedAt'] as const) {
    const value = minDefined(a[key], b[key]);
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  const calculated = calculatedOf(a, b);
  if (calculated === undefined) delete merged.calculated;
  else merged.calculated = calculated;
  return merged;
}

/**
 * Two devices that finished one run offline froze their own calculations: keep the ones of the
 * replica that acted last (tie: the larger text), so every replica keeps the same set.
 */
function calculatedOf(a: Instance, b: Instance): Instance['calculated'] {
  if (a.calculated === undefined) return b.calculated;
  if (b.calculated === undefined) return a.calculated;
  if (a.lastActivityAt !== b.lastActivityAt) return (a.lastActivityAt > b.lastActivityAt ? a : b).calculated;
  return JSON.stringify(a.calculated) >= JSON.stringify(b.calculated) ? a.calculated : b.calculated;
}
