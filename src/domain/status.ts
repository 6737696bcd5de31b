import { z } from 'zod';

/**
 * Instance status is a join-semilattice: not_started < in_progress < {completed, submitted}.
 * It only moves up; merging two replicas takes the least upper bound. `completed` and
 * `submitted` are both final; they are incomparable in meaning, so the join of the two is
 * fixed to `submitted` (a run that was submitted anywhere counts as submitted) to keep
 * the merge commutative, associative and idempotent.
 */
export const INSTANCE_STATUSES = ['not_started', 'in_progress', 'completed', 'submitted'] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];
export const instanceStatusSchema = z.enum(INSTANCE_STATUSES);

const RANK: Record<InstanceStatus, number> = { not_started: 0, in_progress: 1, completed: 2, submitted: 3 };

export function mergeStatus(a: InstanceStatus, b: InstanceStatus): InstanceStatus {
  return RANK[a] >= RANK[b] ? a : b;
}

/** True when moving from `from` to `to` never goes down the lattice. */
export function canTransition(from: InstanceStatus, to: InstanceStatus): boolean {
  return mergeStatus(from, to) === to;
}

export function isFinished(status: InstanceStatus): boolean {
  return status === 'completed' || status === 'submitted';
}
