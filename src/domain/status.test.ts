import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INSTANCE_STATUSES, canTransition, isFinished, mergeStatus } from './status';
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

  it('treats completed and submitted as finished', () => {
    expect(INSTANCE_STATUSES.filter(isFinished)).toEqual(['completed', 'submitted']);
  });
});
