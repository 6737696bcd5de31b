import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INSTANCE_STATUSES, canTransition, isDone, isFinished, mergeStatus } from './status';
import type { InstanceStatus } from './status';

const status = fc.constantFrom(...INSTANCE_STATUSES);
const rank = (s: InstanceStatus) => INSTANCE_STATUSES.indexOf(s);

describe('status lattice', () => {
  it('merge is commutative', () => fc.assert(fc.property(status, status, (a, b) => mergeStatus(a, b) === mergeStatus(b, a))));

  it('merge is associative', () =>
    fc.assert(fc.property(status, status, status, (a, b, c) => mergeStatus(mergeStatus(a, b), c) === mergeStatus(a, mergeStatus(b, c)))));

  it('merge is idempotent', () => fc.assert(fc.property(status, (a) => mergeStatus(a, a) === a)));

  it('merge never moves down: merge(a, b) >= a and >= b', () =>
    fc.assert(
      fc.property(status, status, (a, b) => {
        const m = mergeStatus(a, b);
        return rank(m) >= rank(a) && rank(m) >= rank(b) && (m === a || m === b);
      }),
    ));

  it('joins completed and submitted to submitted', () => {
    expect(mergeStatus('completed', 'submitted')).toBe('submitted');
    expect(mergeStatus('submitted', 'completed')).toBe('submitted');
  });

  it('allows only upward transitions', () => {
    expect(canTransition('not_started', 'in_progress')).toBe(true);
    expect(canTransition('in_progress', 'in_progress')).toBe(true);
    expect(canTransition('completed', 'in_progress')).toBe(false);
    expect(canTransition('submitted', 'not_started')).toBe(false);
    fc.assert(fc.property(status, status, (a, b) => canTransition(a, b) === (rank(b) >= rank(a))));
  });

  it('ranks abandoned above in_progress and below completed and submitted', () => {
    expect(mergeStatus('in_progress', 'abandoned')).toBe('abandoned');
    expect(mergeStatus('abandoned', 'not_started')).toBe('abandoned');
    // Work finished on another device wins over an abandon made elsewhere.
    expect(mergeStatus('abandoned', 'completed')).toBe('completed');
    expect(mergeStatus('submitted', 'abandoned')).toBe('submitted');
    expect(canTransition('abandoned', 'in_progress')).toBe(false);
  });

  it('treats completed, submitted and abandoned as finished, and only the first two as done', () => {
    expect(INSTANCE_STATUSES.filter(isFinished)).toEqual(['abandoned', 'completed', 'submitted']);
    expect(INSTANCE_STATUSES.filter(isDone)).toEqual(['completed', 'submitted']);
  });
});
