import { describe, expect, it } from 'vitest';
import type { AnswerValue } from '../answers';
import type { CompletionSnapshot } from '../snapshot';
import { compileLogic } from './compile';
import type { Expr } from './expr';
import { field, lit, op, ref, section, snap } from './test-support';
import type { LogicPart } from './types';

const PARTS: LogicPart[] = [
  field('a', 'number'),
  field('b', 'number'),
  field('t', 'text'),
  field('d1', 'date'),
  field('d2', 'date'),
  field('gas', 'list', { options: ['O2', 'CO', 'H2S'] }),
  field('gas2', 'list', { options: ['O2', 'CO', 'H2S'] }),
  field('hide', 'boolean'),
  field('h', 'number', { visibleWhen: op('not', ref('hide')) }),
  { key: 'tyres', kind: 'item', path: ['sections', 0, 'items', 0], label: 'Tyres', valueType: 'choice', options: ['pass', 'fail', 'na'], required: false },
  { key: 'cones', kind: 'item', path: ['sections', 0, 'items', 1], label: 'Cones', valueType: 'boolean', required: false },
  section('g', { repeat: {} }),
  field('g.x', 'number', { group: 'g', parent: 'g' }),
  field('g.show', 'boolean', { group: 'g', parent: 'g' }),
  field('g.y', 'number', { group: 'g', parent: 'g', visibleWhen: ref('show') }),
];

/** The value of `expr` as the calculation of a probe field of `type`. */
function value(expr: Expr, values: CompletionSnapshot['values'] = {}, type: LogicPart['valueType'] = 'boolean', extra: Partial<CompletionSnapshot> = {}): AnswerValue | undefined {
  const logic = compileLogic([...PARTS, field('probe', type, { calculate: expr })]);
  return logic.evaluate({ ...snap(values), ...extra }).valueOf('probe');
}

describe('L10 operators: comparisons (an absent operand makes a comparison false; ne true when exactly one is absent)', () => {
  it('eq and ne', () => {
    expect(value(op('eq', ref('a'), lit(2)), { a: 2 })).toBe(true);
    expect(value(op('eq', ref('a'), ref('b')), {})).toBe(false);
    expect(value(op('ne', ref('a'), ref('b')), {})).toBe(false);
    expect(value(op('ne', ref('a'), lit(1)), {})).toBe(true);
    expect(value(op('ne', ref('a'), lit(1)), { a: 1 })).toBe(false);
    expect(value(op('eq', ref('gas'), ref('gas2')), { gas: ['O2', 'CO'], gas2: ['CO', 'O2'] })).toBe(true);
  });

  it('gt, ge, lt, le on numbers and dates', () => {
    expect(value(op('gt', ref('a'), lit(2)), { a: 3 })).toBe(true);
    expect(value(op('ge', ref('a'), lit(3)), { a: 3 })).toBe(true);
    expect(value(op('lt', ref('a'), lit(3)), { a: 3 })).toBe(false);
    expect(value(op('le', ref('a'), lit(3)), {})).toBe(false);
    expect(value(op('lt', ref('d1'), ref('d2')), { d1: '2026-01-31', d2: '2026-02-01' })).toBe(true);
    expect(value(op('gt', ref('d1'), lit('2026-01-01')), { d1: '2026-01-31' })).toBe(true);
  });

  it('contains on a list and on text (any case); answered is false for empty answers', () => {
    expect(value(op('contains', ref('gas'), lit('CO')), { gas: ['O2', 'CO'] })).toBe(true);
    expect(value(op('contains', ref('gas'), lit('H2S')), { gas: ['O2'] })).toBe(false);
    expect(value(op('contains', ref('t'), lit('leak')), { t: 'Small LEAK at valve' })).toBe(true);
    expect(value(op('contains', ref('t'), lit('leak')), {})).toBe(false);
    expect(value(op('answered', ref('t')), { t: '' })).toBe(false);
    expect(value(op('answered', ref('gas')), { gas: [] })).toBe(false);
    expect(value(op('answered', ref('a')), { a: 0 })).toBe(true);
  });
});

describe('L10 operators: logic', () => {
  it('and, or, not, if', () => {
    expect(value(op('and', lit(true), op('gt', ref('a'), lit(1))), { a: 2 })).toBe(true);
    expect(value(op('and', lit(true), ref('hide')), {})).toBe(false);
    expect(value(op('or', lit(false), ref('hide')), { hide: true })).toBe(true);
    expect(value(op('not', ref('hide')), { hide: false })).toBe(true);
    expect(value(op('if', ref('hide'), lit(1), lit(2)), { hide: true }, 'number')).toBe(1);
    expect(value(op('if', ref('hide'), lit(1), lit(2)), {}, 'number')).toBe(2);
  });
});

describe('L10, L9 operators: arithmetic (an absent operand gives absent; division by zero is absent)', () => {
  it('add, sub, mul, div, round', () => {
    expect(value(op('add', ref('a'), ref('b'), lit(1)), { a: 2, b: 3 }, 'number')).toBe(6);
    expect(value(op('add', ref('a'), ref('b')), { a: 2 }, 'number')).toBeUndefined();
    expect(value(op('sub', ref('a'), ref('b')), { a: 2, b: 5 }, 'number')).toBe(-3);
    expect(value(op('mul', ref('a'), ref('b')), { a: 2, b: 5 }, 'number')).toBe(10);
    expect(value(op('div', ref('a'), ref('b')), { a: 1, b: 4 }, 'number')).toBe(0.25);
    expect(value(op('div', ref('a'), ref('b')), { a: 1, b: 0 }, 'number')).toBeUndefined();
    expect(value(op('round', ref('a')), { a: 2.5 }, 'number')).toBe(3);
    expect(value(op('round', ref('a'), lit(2)), { a: 1.23456 }, 'number')).toBe(1.23);
  });

  it('a hidden part counts as absent', () => {
    expect(value(op('add', ref('h'), lit(1)), { h: 1 }, 'number')).toBe(2);
    expect(value(op('add', ref('h'), lit(1)), { h: 1, hide: true }, 'number')).toBeUndefined();
  });
});

describe('L10, L11 operators: aggregates over the live, shown rows (count/sum skip absents)', () => {
  const values = { 'g.r1.x': 4, 'g.r2.x': 6, 'g.r3.x': 100, 'g.r1.show': true, 'g.r1.y': 1, 'g.r2.y': 50, 'g.r3.y': 70 };
  const rows = { rows: { g: ['r1', 'r2'] } };
  it('count, sum, min, max', () => {
    expect(value(op('sum', ref('g.x')), values, 'number', rows)).toBe(10);
    expect(value(op('count', ref('g.x')), values, 'number', rows)).toBe(2);
    expect(value(op('min', ref('g.x'), lit(5)), values, 'number', rows)).toBe(4);
    expect(value(op('max', ref('g.x')), values, 'number', rows)).toBe(6);
    // Row r2's y is hidden (show not ticked): its cell is left out.
    expect(value(op('sum', ref('g.y')), values, 'number', rows)).toBe(1);
    expect(value(op('count', ref('g.y')), values, 'number', rows)).toBe(1);
  });
  it('sum of nothing is 0; min and max of nothing are absent', () => {
    expect(value(op('sum', ref('g.x')), {}, 'number')).toBe(0);
    expect(value(op('count', ref('g.x')), {}, 'number')).toBe(0);
    expect(value(op('min', ref('g.x')), {}, 'number')).toBeUndefined();
    expect(value(op('max', ref('g.x')), {}, 'number')).toBeUndefined();
  });
});

describe('L10 operators: text and dates (whole days, UTC)', () => {
  it('concat writes absent as nothing', () => {
    expect(value(op('concat', ref('t'), lit(' — '), ref('a'), lit(' '), ref('b')), { t: 'Ute', a: 14 }, 'text')).toBe('Ute — 14 ');
    expect(value(op('concat', ref('gas'), lit('/'), ref('hide')), { gas: ['O2', 'CO'], hide: true }, 'text')).toBe('O2, CO/Yes');
  });
  it('daysBetween and addDays', () => {
    expect(value(op('daysBetween', ref('d1'), ref('d2')), { d1: '2024-02-28', d2: '2024-03-01' }, 'number')).toBe(2);
    expect(value(op('daysBetween', ref('d1'), ref('d2')), { d1: '2026-03-29', d2: '2026-03-28' }, 'number')).toBe(-1);
    expect(value(op('addDays', ref('d1'), lit(1)), { d1: '2024-02-28' }, 'date')).toBe('2024-02-29');
    expect(value(op('addDays', ref('d1'), lit(-365)), { d1: '2025-01-01' }, 'date')).toBe('2024-01-02');
    expect(value(op('addDays', ref('d1'), lit(1)), { d1: '2024-02-30' }, 'date')).toBeUndefined();
  });
});

describe('L8 what references read', () => {
  it('a tick part is its done flag; a response part its response id', () => {
    expect(value(ref('cones'), {}, 'boolean', { done: { cones: true } })).toBe(true);
    expect(value(ref('cones'), {}, 'boolean', { done: {} })).toBe(false);
    expect(value(op('eq', ref('tyres'), lit('fail')), { tyres: 'fail' })).toBe(true);
  });

  it('a value of the wrong type, an unknown response id or an inherited key counts as absent', () => {
    expect(value(op('answered', ref('d1')), { d1: 20260101 })).toBe(false);
    expect(value(op('answered', ref('tyres')), { tyres: 'broken' })).toBe(false);
    expect(value(op('answered', ref('a')), { a: Number.NaN })).toBe(false);
    const logic = compileLogic([field('constructor', 'text'), field('probe', 'boolean', { calculate: op('answered', ref('constructor')) })]);
    expect(logic.evaluate(snap({})).valueOf('probe')).toBe(false);
  });
});
