import { describe, expect, it } from 'vitest';
import { compileLogic } from './compile';
import { field, lit, op, ref, section, snap } from './test-support';

describe('compileLogic: visibility, requirement, constraints, values', () => {
  const parts = [
    field('injured', 'boolean'),
    section('injury', { visibleWhen: op('eq', ref('injured'), lit(true)) }),
    field('hours', 'number', { parent: 'injury', requiredWhen: op('gt', ref('hours'), lit(8)), constraints: [{ check: op('le', ref('hours'), lit(24)), message: 'A day has 24 hours.' }] }),
    field('rate', 'number', { default: lit(40) }),
    field('pay', 'number', { calculate: op('mul', ref('hours'), ref('rate')) }),
  ];
  const logic = compileLogic(parts);

  it('hides a section and its fields until the condition holds, keeping the answer in the doc', () => {
    const state = logic.evaluate(snap({ hours: 30 }));
    expect(state.isVisible('injury')).toBe(false);
    expect(state.isVisible('hours')).toBe(false);
    expect(state.hiddenAnswered()).toEqual(['hours']);
    expect(state.constraintError('hours')).toBeUndefined();
    // A hidden answer counts as absent: the calculation cannot be computed.
    expect(state.valueOf('pay')).toBeUndefined();
    const shown = logic.evaluate(snap({ hours: 30, injured: true }));
    expect(shown.isVisible('hours')).toBe(true);
    expect(shown.hiddenAnswered()).toEqual([]);
    expect(shown.constraintError('hours')).toBe('A day has 24 hours.');
    expect(shown.isRequired('hours')).toBe(true);
    expect(shown.valueOf('pay')).toBe(1200);
  });

  it('reads the default while unanswered and the answer once given', () => {
    expect(logic.evaluate(snap({})).valueOf('rate')).toBe(40);
    expect(logic.evaluate(snap({ rate: 50 })).valueOf('rate')).toBe(50);
    expect(logic.evaluate(snap({ rate: 50, hours: 2, injured: true })).calculated).toEqual(new Map([['pay', 100]]));
  });

  it('update re-evaluates dependents and equals evaluate', () => {
    const before = logic.evaluate(snap({ injured: true, hours: 2 }));
    const after = logic.update(before, snap({ injured: true, hours: 3 }), ['hours']);
    expect(after.valueOf('pay')).toBe(120);
    expect(before.valueOf('pay')).toBe(80);
  });
});

describe('compileLogic: repeat groups', () => {
  const parts = [
    section('defects', { repeat: { min: 0, max: 5 } }),
    field('defects.cost', 'number', { parent: 'defects', group: 'defects' }),
    field('defects.vat', 'number', { parent: 'defects', group: 'defects', calculate: op('mul', ref('cost'), lit(0.5)) }),
    field('defects.note', 'text', { parent: 'defects', group: 'defects', visibleWhen: op('gt', ref('cost'), lit(100)) }),
    field('total', 'number', { calculate: op('sum', ref('defects.cost')) }),
    field('notes', 'number', { calculate: op('count', ref('defects.note')) }),
    field('crew', 'number'),
    section('people', { repeat: { countFrom: 'crew', max: 3 } }),
    field('people.name', 'text', { parent: 'people', group: 'people' }),
  ];
  const logic = compileLogic(parts);
  const values = { 'defects.a.cost': 10, 'defects.b.cost': 200, 'defects.a.note': 'hidden', 'defects.b.note': 'shown', 'defects.gone.cost': 1000, crew: 7 };

  it('evaluates a row field against the same row and aggregates over live rows only', () => {
    const state = logic.evaluate(snap(values, {}, { defects: ['a', 'b'] }));
    expect(state.valueOf('defects.b.vat')).toBe(100);
    expect(state.isVisible('defects.a.note')).toBe(false);
    expect(state.isVisible('defects.b.note')).toBe(true);
    expect(state.valueOf('total')).toBe(210);
    expect(state.valueOf('notes')).toBe(1);
    expect(state.hiddenAnswered()).toEqual(['defects.a.note']);
  });

  it('gives a count-driven group rows r1..rN capped at its max', () => {
    const state = logic.evaluate(snap(values, {}, {}));
    expect(state.rowsOf('people')).toEqual(['r1', 'r2', 'r3']);
    expect(state.isVisible('people.r2.name')).toBe(true);
  });

  it('updates an aggregate when rows change (the group key)', () => {
    const before = logic.evaluate(snap(values, {}, { defects: ['a', 'b'] }));
    const after = logic.update(before, snap(values, {}, { defects: ['a', 'b', 'gone'] }), ['defects']);
    expect(after.valueOf('total')).toBe(1210);
  });
});
