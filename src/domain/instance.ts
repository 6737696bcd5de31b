import { z } from 'zod';
import { answerValueSchema } from './answers';
import { contentTypeSchema } from './definition';
import { documentIdSchema, instanceIdSchema, sessionIdSchema, shareLinkIdSchema, timestampSchema, userIdSchema, versionIdSchema } from './ids';
import { instanceStatusSchema, mergeStatus } from './status';

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

/**
 * Merge two replicas of one instance record: status by lattice join, first-happened
 * timestamps by min, lastActivityAt by max, progress from the later replica. Commutative and idempotent.
 */
export function mergeInstance(a: Instance, b: Instance): Instance {
  const status = mergeStatus(a.status, b.status);
  const merged: Instance = {
    ...a,
    status,
    lastActivityAt: Math.max(a.lastActivityAt, b.lastActivityAt),
    createdAt: Math.min(a.createdAt, b.createdAt),
  };
  // Progress can go down (a step unticked), so it follows the replica that acted last.
  // On a tie the higher known progress wins (undefined only when both lack it), so the merge stays commutative.
  const progress =
    a.lastActivityAt === b.lastActivityAt
      ? a.progress === undefined
        ? b.progress
        : b.progress === undefined
          ? a.progress
          : Math.max(a.progress, b.progress)
      : (a.lastActivityAt > b.lastActivityAt ? a : b).progress;
  if (progress === undefined) delete merged.progress;
  else merged.progress = progress;
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
