import { describe, expect, it } from 'vitest';
import { definitionSchemaFor, logicPartsOf } from '../definition';
import { compileLogic } from './compile';

/** Rules on real definitions, through the publish schema and `logicPartsOf`. */
describe('rules on checklists and procedures (L1, L4, L8, L11)', () => {
  const checklist = {
    fields: [{ id: 'odo', label: 'Odometer', kind: 'number', required: true }],
    sections: [
      {
        id: 'tyres',
        title: 'Tyres',
        items: [
          { id: 'front', label: 'Front tyres', required: true, responses: 'pass-fail-na' },
          { id: 'depth', label: 'Measure tread depth', required: false, visibleWhen: { op: 'eq', args: [{ ref: 'front' }, { lit: 'fail' }] }, requiredWhen: { op: 'gt', args: [{ ref: 'odo' }, { lit: 100000 }] } },
        ],
      },
      { id: 'cab', title: 'Cab', visibleWhen: { op: 'answered', args: [{ ref: 'depth' }] }, items: [{ id: 'belts', label: 'Seat belts', required: true }] },
    ],
  };

  it('an item shows when another item answers Fail; a section when a tick item is done', () => {
    const def = definitionSchemaFor.checklist.parse(checklist);
    const logic = compileLogic(logicPartsOf('checklist', def));
    const passed = logic.evaluate({ values: { front: 'pass', odo: 200000 }, done: {} });
    expect(passed.isVisible('depth')).toBe(false);
    expect(passed.isRequired('depth')).toBe(false);
    expect(passed.isVisible('belts')).toBe(false);
    const failed = logic.evaluate({ values: { front: 'fail', odo: 200000 }, done: { depth: true, belts: true } });
    expect(failed.isVisible('depth')).toBe(true);
    expect(failed.isRequired('depth')).toBe(true);
    expect(failed.isVisible('cab')).toBe(true);
    expect(failed.valueOf('front')).toBe('fail');
    expect(failed.valueOf('depth')).toBe(true);
  });

  it('publishing refuses a response that is not in the set ("Fail" for "fail")', () => {
    const typo: unknown = JSON.parse(JSON.stringify(checklist).replace('{"lit":"fail"}', '{"lit":"Fail"}'));
    const result = definitionSchemaFor.checklist.safeParse(typo);
    expect(result.error?.issues.map((i) => ({ path: i.path, message: i.message }))).toEqual([
      { path: ['sections', 0, 'items', 1, 'visibleWhen'], message: '"Show when" of "Measure tread depth" gives "Front tyres" the value "Fail", which is not one of its answers (pass, fail, na)' },
    ]);
  });

  it("a procedure's repeat step evaluates its fields per row, and a later step sums the column", () => {
    const def = definitionSchemaFor.procedure.parse({
      steps: [
        {
          id: 'readings',
          title: 'Gas readings',
          required: true,
          repeat: { min: 1, max: 10, addLabel: 'Add reading' },
          fields: [
            { id: 'o2', label: 'Oxygen', kind: 'number', required: true, constraints: [{ check: { op: 'ge', args: [{ ref: 'o2' }, { lit: 0 }] }, message: 'A reading cannot be negative.' }] },
            { id: 'low', label: 'Action taken', kind: 'text', required: false, visibleWhen: { op: 'lt', args: [{ ref: 'o2' }, { lit: 19.5 }] } },
          ],
        },
        { id: 'sign', title: 'Sign off', required: true, fields: [{ id: 'n', label: 'Readings taken', kind: 'number', required: false, calculate: { op: 'count', args: [{ ref: 'readings.o2' }] } }] },
      ],
    });
    const logic = compileLogic(logicPartsOf('procedure', def));
    const state = logic.evaluate({ values: { 'readings.a.o2': 20.9, 'readings.b.o2': -1, 'readings.c.o2': 18, 'readings.a.low': 'vented' }, done: {}, rows: { readings: ['a', 'b', 'c'] } });
    expect(state.isVisible('readings.a.low')).toBe(false);
    expect(state.isVisible('readings.c.low')).toBe(true);
    expect(state.constraintError('readings.b.o2')).toBe('A reading cannot be negative.');
    expect(state.constraintError('readings.a.o2')).toBeUndefined();
    expect(state.valueOf('sign.n')).toBe(3);
    expect(state.calculated).toEqual(new Map([['sign.n', 3]]));
    expect(state.hiddenAnswered()).toEqual(['readings.a.low']);
  });
});
