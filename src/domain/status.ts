import { z } from 'zod';

/**
 * Instance status is a join-semilattice, here a total order:
 * not_started < in_progress < abandoned < completed < submitted.
 * It only moves up; merging two replicas takes the higher of the two.
 *
 * - `abandoned` (a run given up, with a reason) is terminal like `completed` and `submitted`:
 *   the run becomes read-only and "start again" makes a new instance.
 * - It ranks above `in_progress`, so an abandon on one device ends the run everywhere.
 * - It ranks below `completed`/`submitted`: when one device abandoned while another finished
 *   the real work offline, the finished work wins (nothing a crew recorded is thrown away).
 * - `completed` and `submitted` are incomparable in meaning; their join is fixed to
 *   `submitted` (a run submitted anywhere counts as submitted) to keep the merge commutative.
 */
export const INSTANCE_STATUSES = ['not_started', 'in_progress', 'abandoned', 'completed', 'submitted'] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];
export const instanceStatusSchema = z.enum(INSTANCE_STATUSES);

const RANK: Record<InstanceStatus, number> = { not_started: 0, in_progress: 1, abandoned: 2, completed: 3, submitted: 4 };

export function mergeStatus(a: InstanceStatus, b: InstanceStatus): InstanceStatus {
  return RANK[a] >= RANK[b] ? a : b;
}

/** True when moving from `from` to `to` never goes down the lattice. */
export function canTransition(from: InstanceStatus, to: InstanceStatus): boolean {
  return mergeStatus(from, to) === to;
}

/** A terminal status: the run is over (completed, submitted or abandoned) and read-only. */
export function isFinished(status: InstanceStatus): boolean {
  return RANK[status] >= RANK.abandoned;
}

/** The run's work was done (completed or submitted), as opposed to given up. */
export function isDone(status: InstanceStatus): boolean {
  return status === 'completed' || status === 'submitted';
}
