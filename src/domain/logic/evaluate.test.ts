import { describe, expect, it } from 'vitest';
import { changedKeys } from './changed-keys';
import { compileLogic } from './compile';
import { EngineState } from './state';
import { field, lit, op, ref, section, snap } from './test-support';

describe('compileLogic: visibility, requirement, constraints, values (L9, L12, L14)', () => {
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
    // Slot keys as the completion doc names them are understood too.
    expect(logic.update(before, snap({ injured: true, hours: 4 }), ['v:hours']).valueOf('pay')).toBe(160);
  });
});

describe('compileLogic: repeat groups (L11, L12)', () => {
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

  it('update reuses every result that does not depend on the changed key (L14)', () => {
    const before = logic.evaluate(snap(values, {}, { defects: ['a', 'b'] }));
    const after = logic.update(before, snap({ ...values, crew: 2 }, {}, { defects: ['a', 'b'] }), ['crew']);
    if (!(before instanceof EngineState) || !(after instanceof EngineState)) throw new Error('not an engine state');
    const objects = (state: EngineState) => state.slots.filter((slot) => typeof slot === 'object' && slot !== null);
    const reused = objects(after).filter((slot) => objects(before).includes(slot));
    // Reused as the very same objects: the defects rows and the visibility and value of its 3
    // fields per row. Recomputed: people's rows and its field's visibility and value.
    expect(reused).toHaveLength(7);
    expect(objects(after)).toHaveLength(10);
    expect(after.rowsOf('people')).toEqual(['r1', 'r2']);
    expect(after.rowsOf('defects')).toBe(before.rowsOf('defects'));
  });

  it('updates an aggregate when rows change (the group key)', () => {
    const before = logic.evaluate(snap(values, {}, { defects: ['a', 'b'] }));
    const after = logic.update(before, snap(values, {}, { defects: ['a', 'b', 'gone'] }), ['defects']);
    expect(after.valueOf('total')).toBe(1210);
  });
});

describe('changedKeys (L14)', () => {
  it('lists the answers, done flags and groups whose rows differ between two snapshots', () => {
    const before = snap({ a: 1, b: ['x'], c: 'same', gone: 2 }, { s1: true }, { g: ['r1', 'r2'], h: ['r1'] });
    const after = snap({ a: 2, b: ['x'], c: 'same', added: 3 }, { s1: false, s2: true }, { g: ['r2', 'r1'], h: ['r1'] });
    expect(changedKeys(before, after).sort()).toEqual(['a', 'added', 'g', 'gone', 's1', 's2']);
    expect(changedKeys(snap({ a: 1 }), snap({ a: 1 }, {}, { g: [] }))).toEqual(['g']);
  });
});
