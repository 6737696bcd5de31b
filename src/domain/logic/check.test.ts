import { describe, expect, it } from 'vitest';
import { definitionSchemaFor } from '../definition';
import { checkLogic } from './check';
import { field, lit, op, ref, section } from './test-support';

describe('checkLogic: references', () => {
  it('refuses a reference to no part, naming the parts by label', () => {
    const issues = checkLogic([field('injured', 'boolean'), section('injury', { label: 'Injury details', path: ['sections', 0], visibleWhen: op('answered', ref('hours')) })]);
    expect(issues).toEqual([{ path: ['sections', 0, 'visibleWhen'], message: '"Show when" of "Injury details" refers to "hours", which is not a question in this form' }]);
  });

  it('resolves a bare id inside a repeat group to the same row, and a column only in an aggregate', () => {
    const parts = [
      section('d', { repeat: {} }),
      field('d.cost', 'number', { group: 'd', parent: 'd' }),
      field('d.double', 'number', { group: 'd', parent: 'd', calculate: op('mul', ref('cost'), lit(2)) }),
      field('total', 'number', { calculate: op('sum', ref('d.cost')) }),
    ];
    expect(checkLogic(parts)).toEqual([]);
    const bad = checkLogic([...parts, field('first', 'number', { label: 'First cost', calculate: ref('d.cost') })]);
    expect(bad.map((i) => i.message)).toEqual(['"Calculation" of "First cost" uses "d.cost" from the repeated rows of "d"; only count, sum, smallest and largest can use a repeated question']);
    // A bare id outside the group names nothing.
    expect(checkLogic([...parts, field('x', 'number', { calculate: ref('cost') })])).toHaveLength(1);
  });
});

describe('publishing refuses bad rules', () => {
  it('definitionSchemaFor.form refuses an unknown reference with its path and a sentence', () => {
    const result = definitionSchemaFor.form.safeParse({
      fields: [
        { id: 'injured', label: 'Anyone injured?', kind: 'checkbox', required: false },
        { id: 'details', label: 'Injury details', kind: 'text', required: false, visibleWhen: { op: 'eq', args: [{ ref: 'injurd' }, { lit: true }] } },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => ({ path: i.path, message: i.message }))).toEqual([
      { path: ['fields', 1, 'visibleWhen'], message: '"Show when" of "Injury details" refers to "injurd", which is not a question in this form' },
    ]);
  });
});
