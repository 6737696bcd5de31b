import { describe, expect, it } from 'vitest';
import { checkLogic } from './check';
import type { Expr } from './expr';
import { field, lit, op, ref, section } from './test-support';
import type { LogicPart } from './types';

/** One of each kind of answer, labelled as an author would. */
const PARTS: LogicPart[] = [
  field('hours', 'number', { label: 'Hours' }),
  field('rate', 'number', { label: 'Rate' }),
  field('name', 'text', { label: 'Name' }),
  field('start', 'date', { label: 'Start' }),
  field('end', 'date', { label: 'End' }),
  field('ok', 'boolean', { label: 'All clear' }),
  field('tyres', 'choice', { label: 'Tyres', options: ['pass', 'fail', 'na'] }),
  field('gas', 'list', { label: 'Gas', options: ['O2', 'CO'] }),
  section('d', { label: 'Defects', repeat: {} }),
  field('d.cost', 'number', { label: 'Cost', group: 'd', parent: 'd' }),
  field('d.what', 'text', { label: 'What', group: 'd', parent: 'd' }),
];

/** The messages for one rule: a `visibleWhen` (condition) or a calculation of a field of `type`. */
function condition(expr: Expr): string[] {
  return checkLogic([...PARTS, field('x', 'text', { label: 'Target', visibleWhen: expr })]).map((i) => i.message);
}
function calculation(type: LogicPart['valueType'], expr: Expr, extra: Partial<LogicPart> = {}): string[] {
  return checkLogic([...PARTS, field('x', type, { label: 'Target', calculate: expr, ...extra })]).map((i) => i.message);
}

describe('checkLogic: types of each operator (L3, L4, L7)', () => {
  it.each<[string, Expr]>([
    ['eq of two numbers', op('eq', ref('hours'), ref('rate'))],
    ['eq of a choice and one of its options', op('eq', ref('tyres'), lit('fail'))],
    ['ne of a date and a date constant', op('ne', ref('start'), lit('2026-01-31'))],
    ['gt of numbers', op('gt', ref('hours'), lit(8))],
    ['le of dates', op('le', ref('start'), ref('end'))],
    ['contains on a list with one of its options', op('contains', ref('gas'), lit('CO'))],
    ['contains on text', op('contains', ref('name'), lit('smith'))],
    ['answered of anything', op('answered', ref('gas'))],
    ['and/or/not of conditions', op('and', op('or', ref('ok'), op('not', ref('ok'))), lit(true))],
    ['if with two numbers', op('gt', op('if', ref('ok'), ref('hours'), lit(0)), lit(1))],
    ['arithmetic on numbers', op('ge', op('round', op('div', op('sub', op('add', ref('hours'), lit(1)), lit(2)), op('mul', ref('rate'), lit(2))), lit(1)), lit(0))],
    ['aggregates over a number column', op('lt', op('sum', ref('d.cost')), op('max', ref('d.cost'), lit(5)))],
    ['count of any column', op('eq', op('count', ref('d.what')), lit(2))],
    ['daysBetween and addDays', op('gt', op('daysBetween', ref('start'), op('addDays', ref('end'), lit(3))), lit(0))],
    ['concat of anything', op('contains', op('concat', ref('hours'), ref('gas'), ref('ok')), lit('1'))],
  ])('accepts %s', (_name, expr) => {
    expect(condition(expr)).toEqual([]);
  });

  it.each<[string, Expr, string]>([
    ['eq of a number and a date', op('eq', ref('hours'), ref('start')), '"Show when" of "Target" compares "Hours" (a number) with "Start" (a date), which cannot be compared'],
    ['eq of a choice and a constant that is not an option', op('eq', ref('tyres'), lit('Fail')), '"Show when" of "Target" gives "Tyres" the value "Fail", which is not one of its answers (pass, fail, na)'],
    ['gt of text', op('gt', ref('name'), lit(3)), '"Show when" of "Target" uses "is more than" on "Name", which is text; it needs numbers or dates'],
    ['lt of a date and a number', op('lt', ref('start'), lit(3)), '"Show when" of "Target" compares "Start" (a date) with 3 (a number), which cannot be compared'],
    ['contains on a number', op('contains', ref('hours'), lit('1')), '"Show when" of "Target" uses "contains" on "Hours", which is a number; it needs a list of choices or text to look in'],
    ['contains of a choice that is not an option', op('contains', ref('gas'), lit('N2')), '"Show when" of "Target" gives "Gas" the value "N2", which is not one of its answers (O2, CO)'],
    ['and of a number', op('and', ref('ok'), ref('hours')), '"Show when" of "Target" uses "all of" on "Hours", which is a number; it needs yes-or-no conditions'],
    ['not with two values', op('not', ref('ok'), ref('ok')), '"Show when" of "Target" uses "not" with 2 values; it takes 1'],
    ['eq with one value', op('eq', ref('ok')), '"Show when" of "Target" uses "equals" with 1 value; it takes 2'],
    ['if with a number condition', op('if', ref('hours'), lit(true), lit(false)), '"Show when" of "Target" uses "if … then … else" on "Hours", which is a number; it needs a yes-or-no condition first'],
    ['if with mixed branches', op('if', ref('ok'), lit(true), lit(1)), '"Show when" of "Target" gives either yes (a yes-or-no value) or 1 (a number), which cannot be mixed'],
    ['add of text', op('gt', op('add', ref('hours'), ref('name')), lit(1)), '"Show when" of "Target" uses "plus" on "Name", which is text; it needs numbers'],
    ['sum of a text column', op('gt', op('sum', ref('d.what')), lit(1)), '"Show when" of "Target" uses "sum" on "What", which is a repeated text; it needs numbers or a repeated number'],
    ['daysBetween of a number', op('gt', op('daysBetween', ref('start'), ref('hours')), lit(1)), '"Show when" of "Target" uses "days between" on "Hours", which is a number; it needs two dates'],
    ['addDays of text days', op('eq', op('addDays', ref('start'), ref('name')), ref('end')), '"Show when" of "Target" uses "add days" on "Name", which is text; it needs a number of days second'],
    ['a condition that is a number', op('add', ref('hours'), lit(1)), '"Show when" of "Target" must be a yes-or-no condition, but it gives a number'],
  ])('refuses %s', (_name, expr, message) => {
    expect(condition(expr)).toEqual([message]);
  });

  it('a calculation or default must give the field its type; text takes any words via concat', () => {
    expect(calculation('number', op('add', ref('hours'), ref('rate')))).toEqual([]);
    expect(calculation('date', op('addDays', ref('start'), lit(7)))).toEqual([]);
    expect(calculation('text', op('concat', ref('hours'), lit(' h')))).toEqual([]);
    expect(calculation('text', ref('tyres'))).toEqual([]);
    expect(calculation('number', ref('name'))).toEqual(['"Calculation" of "Target" gives text, but "Target" holds a number']);
    expect(calculation('text', ref('hours'))).toEqual(['"Calculation" of "Target" gives a number, but "Target" holds text; use "join as text" to turn other values into text']);
    expect(calculation('date', lit('2026-02-30'))).toEqual(['"Calculation" of "Target" gives text, but "Target" holds a date']);
    expect(calculation('choice', lit('maybe'), { options: ['yes', 'no'] })).toEqual(['"Calculation" of "Target" gives "Target" the value "maybe", which is not one of its answers (yes, no)']);
    expect(checkLogic([field('x', 'number', { label: 'Target', default: lit('zero') })]).map((i) => i.message)).toEqual(['"Default" of "Target" gives text, but "Target" holds a number']);
  });

  it('puts each problem at the rule: a constraint check is at constraints, index, check', () => {
    const issues = checkLogic([...PARTS, field('x', 'number', { label: 'Target', path: ['fields', 9], constraints: [{ check: op('gt', ref('x'), lit(0)), message: 'Positive' }, { check: ref('x'), message: 'Bad' }] })]);
    expect(issues).toEqual([{ path: ['fields', 9, 'constraints', 1, 'check'], message: '"Constraint 2" of "Target" must be a yes-or-no condition, but it gives a number' }]);
  });
});
