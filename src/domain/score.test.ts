import { describe, expect, it } from 'vitest';
import { checklistDefinitionSchema } from './definition';
import { describeScore, scoreOf, scorePercent } from './score';

const def = checklistDefinitionSchema.parse({
  scoring: true,
  sections: [
    {
      id: 's',
      title: 'Yard',
      items: [
        { id: 'a', label: 'A', required: false, responses: 'good-fair-poor', weight: 3 },
        { id: 'b', label: 'B', required: false, responses: 'pass-fail-na' },
        { id: 'c', label: 'C', required: false, responses: 'pass-fail-na' },
        { id: 'd', label: 'D', required: false },
      ],
    },
  ],
});

describe('scoreOf', () => {
  it('sums weight × score over weight × the best score of each answered part', () => {
    // a: fair (1) × 3 of good (2) × 3; b: pass 1 of 1; c: fail 0 of 1.
    expect(scoreOf('checklist', def, { done: { d: true }, values: { a: 'fair', b: 'pass', c: 'fail' } })).toEqual({ got: 4, max: 8 });
  });

  it('leaves out unanswered parts, N/A and hidden parts', () => {
    expect(scoreOf('checklist', def, { done: {}, values: { b: 'na', c: 'pass' } })).toEqual({ got: 1, max: 1 });
    expect(scoreOf('checklist', def, { done: {}, values: { a: 'good', c: 'pass' } }, (k) => k !== 'a')).toEqual({ got: 1, max: 1 });
  });

  it('is undefined when the definition does not score', () => {
    expect(scoreOf('checklist', { ...def, scoring: false }, { done: {}, values: { b: 'pass' } })).toBeUndefined();
  });
});

describe('describeScore', () => {
  it('reads "Score 7 of 9 (78 %)"', () => {
    expect(describeScore({ got: 7, max: 9 })).toBe('Score 7 of 9 (78 %)');
    expect(scorePercent({ got: 7, max: 9 })).toBe(78);
    expect(describeScore({ got: 2.5, max: 4 })).toBe('Score 2.5 of 4 (63 %)');
    expect(describeScore({ got: 0, max: 0 })).toBe('Score: nothing scored yet');
  });
});
