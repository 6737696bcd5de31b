import { describe, expect, it } from 'vitest';
import { definitionSchemaFor, logicPartsOf } from '../definition';
import { checkLogic } from './check';
import { compileLogic } from './compile';
import type { Expr } from './expr';
import { MAX_EXPR_DEPTH } from './expr';
import { field, lit, op, ref, section } from './test-support';

describe('checkLogic: references (L1, L2, L7)', () => {
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

describe('checkLogic: bounded rules', () => {
  it('refuses a rule nested deeper than MAX_EXPR_DEPTH, and evaluates it as absent without throwing', () => {
    let deep: Expr = ref('n');
    for (let i = 0; i < MAX_EXPR_DEPTH + 5; i += 1) deep = op('add', deep, lit(1));
    const parts = [field('n', 'number'), field('x', 'number', { label: 'Deep', calculate: deep })];
    expect(checkLogic(parts).map((i) => i.message)).toEqual([`"Calculation" of "Deep" is nested more than ${MAX_EXPR_DEPTH} levels deep; write it as simpler steps`]);
    expect(compileLogic(parts).evaluate({ values: { n: 1 }, done: {} }).valueOf('x')).toBeUndefined();
  });
});

describe('checkLogic: cycles (L5)', () => {
  it('refuses calculations that depend on each other, with the path in labels', () => {
    const issues = checkLogic([
      field('total', 'number', { label: 'Total', path: ['fields', 0], calculate: op('add', ref('sub'), lit(1)) }),
      field('sub', 'number', { label: 'Subtotal', path: ['fields', 1], calculate: op('sub', ref('total'), lit(1)) }),
    ]);
    expect(issues).toEqual([{ path: ['fields', 0, 'calculate'], message: '"Calculation" of "Total" depends on itself: "Total" → "Subtotal" → "Total"' }]);
  });

  it('refuses a default and a visibility that read themselves, and a cycle through a parent section', () => {
    expect(checkLogic([field('a', 'number', { label: 'A', default: op('add', ref('a'), lit(1)) })]).map((i) => i.message)).toEqual(['"Default" of "A" depends on itself: "A" → "A"']);
    const viaParent = checkLogic([
      section('s', { label: 'Site', visibleWhen: op('gt', ref('n'), lit(0)) }),
      field('m', 'number', { label: 'M', parent: 's' }),
      field('n', 'number', { label: 'N', calculate: op('add', ref('m'), lit(1)) }),
    ]);
    expect(viaParent.map((i) => i.message)).toEqual(['"Show when" of "Site" depends on itself: "Site" → "N" → "M" → "Site"']);
  });

  it('refuses a count-driven group whose count depends on its own rows', () => {
    const issues = checkLogic([
      field('n', 'number', { label: 'Crew size', calculate: op('count', ref('p.name')) }),
      section('p', { label: 'People', path: ['sections', 0], repeat: { countFrom: 'n' } }),
      field('p.name', 'text', { label: 'Name', group: 'p', parent: 'p' }),
    ]);
    expect(issues.map((i) => i.message)).toEqual(['"Number of rows" of "People" depends on itself: "People" → "Crew size" → "People"']);
    expect(issues[0]?.path).toEqual(['sections', 0, 'repeat', 'countFrom']);
  });

  it('accepts a chain that is not a cycle, declared in any order', () => {
    expect(checkLogic([field('c', 'number', { calculate: ref('b') }), field('b', 'number', { calculate: ref('a') }), field('a', 'number')])).toEqual([]);
  });
});

describe('checkLogic: repeat groups (L6, L2)', () => {
  it('refuses a count from a part that is not a number question outside the group, and min over max', () => {
    const parts = [
      field('name', 'text', { label: 'Name' }),
      section('p', { label: 'People', path: ['sections', 0], repeat: { countFrom: 'name', min: 3, max: 2 } }),
      section('q', { label: 'Others', path: ['sections', 1], repeat: { countFrom: 'p.age' } }),
      field('p.age', 'number', { label: 'Age', group: 'p', parent: 'p' }),
      section('r', { label: 'More', path: ['sections', 2], repeat: { countFrom: 'nothing' } }),
    ];
    expect(checkLogic(parts)).toEqual([
      { path: ['sections', 0, 'repeat', 'min'], message: '"People" asks for at least 3 rows but allows at most 2' },
      { path: ['sections', 0, 'repeat', 'countFrom'], message: '"Number of rows" of "People" refers to "Name", which is not a number question outside the repeated rows' },
      { path: ['sections', 1, 'repeat', 'countFrom'], message: '"Number of rows" of "Others" refers to "Age", which is not a number question outside the repeated rows' },
      { path: ['sections', 2, 'repeat', 'countFrom'], message: '"Number of rows" of "More" refers to "nothing", which is not a question in this form' },
    ]);
  });

  it('refuses a reference to a section, which has no answer', () => {
    expect(checkLogic([section('s', { label: 'Site' }), field('x', 'text', { label: 'X', visibleWhen: op('answered', ref('s')) })]).map((i) => i.message)).toEqual([
      '"Show when" of "X" refers to "Site", which is a section, not a question',
    ]);
  });

  it('definitionSchemaFor.form refuses a type error and a cycle, each at its rule', () => {
    const result = definitionSchemaFor.form.safeParse({
      fields: [
        { id: 'start', label: 'Start', kind: 'date', required: false },
        { id: 'hours', label: 'Hours', kind: 'number', required: false, constraints: [{ check: { op: 'gt', args: [{ ref: 'hours' }, { ref: 'start' }] }, message: 'Too many' }] },
        { id: 'total', label: 'Total', kind: 'number', required: false, calculate: { op: 'add', args: [{ ref: 'subtotal' }, { lit: 1 }] } },
        { id: 'subtotal', label: 'Subtotal', kind: 'number', required: false, calculate: { op: 'add', args: [{ ref: 'total' }, { lit: 1 }] } },
      ],
    });
    expect(result.error?.issues.map((i) => ({ path: i.path, message: i.message }))).toEqual([
      { path: ['fields', 1, 'constraints', 0, 'check'], message: '"Constraint 1" of "Hours" compares "Hours" (a number) with "Start" (a date), which cannot be compared' },
      { path: ['fields', 2, 'calculate'], message: '"Calculation" of "Total" depends on itself: "Total" → "Subtotal" → "Total"' },
    ]);
  });
});

describe('publishing refuses bad rules (L1, L7)', () => {
  it('a procedure step\'s fields name each other by bare id or by stepId.fieldId', () => {
    const def = definitionSchemaFor.procedure.parse({
      steps: [
        {
          id: 's1',
          title: 'Gas test',
          required: true,
          fields: [
            { id: 'o2', label: 'Oxygen', kind: 'number', required: true },
            { id: 'low', label: 'Low oxygen action', kind: 'text', required: false, visibleWhen: { op: 'lt', args: [{ ref: 'o2' }, { lit: 19.5 }] } },
          ],
        },
        { id: 's2', title: 'Enter', required: true, visibleWhen: { op: 'ge', args: [{ ref: 's1.o2' }, { lit: 19.5 }] } },
      ],
    });
    expect(checkLogic(logicPartsOf('procedure', def))).toEqual([]);
    const bad = definitionSchemaFor.procedure.safeParse({ steps: [{ id: 's2', title: 'Enter', required: true, visibleWhen: { op: 'ge', args: [{ ref: 'o2' }, { lit: 19.5 }] } }] });
    expect(bad.error?.issues.map((i) => i.message)).toEqual(['"Show when" of "Enter" refers to "o2", which is not a question in this procedure']);
  });

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

  it('definitionSchemaFor.form refuses a type error and a cycle, each at its rule', () => {
    const result = definitionSchemaFor.form.safeParse({
      fields: [
        { id: 'start', label: 'Start', kind: 'date', required: false },
        { id: 'hours', label: 'Hours', kind: 'number', required: false, constraints: [{ check: { op: 'gt', args: [{ ref: 'hours' }, { ref: 'start' }] }, message: 'Too many' }] },
        { id: 'total', label: 'Total', kind: 'number', required: false, calculate: { op: 'add', args: [{ ref: 'subtotal' }, { lit: 1 }] } },
        { id: 'subtotal', label: 'Subtotal', kind: 'number', required: false, calculate: { op: 'add', args: [{ ref: 'total' }, { lit: 1 }] } },
      ],
    });
    expect(result.error?.issues.map((i) => ({ path: i.path, message: i.message }))).toEqual([
      { path: ['fields', 1, 'constraints', 0, 'check'], message: '"Constraint 1" of "Hours" compares "Hours" (a number) with "Start" (a date), which cannot be compared' },
      { path: ['fields', 2, 'calculate'], message: '"Calculation" of "Total" depends on itself: "Total" → "Subtotal" → "Total"' },
    ]);
  });
});
