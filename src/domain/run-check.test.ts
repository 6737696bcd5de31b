import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChecklistDefinition, FormDefinition, ProcedureDefinition } from './definition';
import { definitionSchemaFor } from './definition';
import type { Expr } from './logic/expr';
import { progressOf } from './progress';
import { checkRun, frozenCalculations, logicStateOf } from './run-check';
import { pluralOf, rowCountProblem } from './row-count';
import type { CompletionSnapshot } from './snapshot';

const ref = (key: string): Expr => ({ ref: key });
const lit = (value: string | number | boolean): Expr => ({ lit: value });
const op = (name: Extract<Expr, { op: unknown }>['op'], ...args: Expr[]): Expr => ({ op: name, args });
const snap = (values: CompletionSnapshot['values'] = {}, done: CompletionSnapshot['done'] = {}, rows?: CompletionSnapshot['rows']): CompletionSnapshot =>
  rows === undefined ? { values, done } : { values, done, rows };

/** An incident form: injury details appear when someone was hurt; hours must fit a day; pay is calculated. */
const incident: FormDefinition = definitionSchemaFor.form.parse({
  fields: [
    { id: 'what', label: 'What happened?', kind: 'text', required: true },
    { id: 'injured', label: 'Was anyone hurt?', kind: 'select', options: ['yes', 'no'], required: true },
  ],
  sections: [
    {
      id: 'injury',
      title: 'Injury',
      visibleWhen: op('eq', ref('injured'), lit('yes')),
      fields: [
        { id: 'who', label: 'Who was hurt?', kind: 'text', required: true },
        { id: 'hours', label: 'Hours lost', kind: 'number', required: false, requiredWhen: op('answered', ref('who')), constraints: [{ check: op('le', ref('hours'), lit(24)), message: 'A day has only 24 hours.' }] },
        { id: 'rate', label: 'Rate', kind: 'number', required: false, default: lit(40) },
        { id: 'pay', label: 'Pay lost', kind: 'number', required: false, calculate: op('mul', ref('hours'), ref('rate')) },
      ],
    },
    {
      id: 'defects',
      title: 'Defects',
      repeat: { min: 2, max: 3, addLabel: 'Add defect' },
      fields: [{ id: 'part', label: 'Part', kind: 'text', required: true }],
    },
  ],
});

const problemsOf = (values: CompletionSnapshot['values'], rows: CompletionSnapshot['rows'] = { defects: ['d1', 'd2'] }) =>
  checkRun('form', incident, snap(values, {}, rows)).errors;

const base = { what: 'Fell', 'defects.d1.part': 'Rail', 'defects.d2.part': 'Step' };

describe('checkRun: hidden parts', () => {
  it('leaves hidden answers out of validation and progress while they stay in the snapshot', () => {
    const values = { ...base, injured: 'no', who: '', hours: 99 };
    const check = checkRun('form', incident, snap(values, {}, { defects: ['d1', 'd2'] }));
    expect(check.errors).toEqual({});
    expect(check.perSection.has('injury')).toBe(false);
    // what, injured, two row fields and the rows minimum: every one done.
    expect(check.progress).toMatchObject({ done: 5, total: 5, fraction: 1 });
    expect(logicStateOf('form', incident, snap(values)).hiddenAnswered()).toContain('hours');
  });

  it('shown again, the kept answers are validated again', () => {
    expect(problemsOf({ ...base, injured: 'yes', who: 'Sam', hours: 99 })).toEqual({ hours: 'A day has only 24 hours.' });
  });
});

describe('checkRun: rules', () => {
  it('requiredWhen makes a field required while its condition holds', () => {
    expect(problemsOf({ ...base, injured: 'yes', who: 'Sam' })).toEqual({ hours: 'required' });
    expect(problemsOf({ ...base, injured: 'yes' })).toEqual({ who: 'required' });
  });

  it('a constraint refuses with the author\u2019s message, and only once the answer passes the basic checks', () => {
    const check = checkRun('form', incident, snap({ ...base, injured: 'yes', who: 'Sam', hours: 30 }, {}, { defects: ['d1', 'd2'] }));
    expect(check.problems).toEqual([{ key: 'hours', where: ['Injury'], label: 'Hours lost', message: 'A day has only 24 hours.' }]);
    expect(problemsOf({ ...base, injured: 'yes', who: 'Sam', hours: 8 })).toEqual({});
  });

  it('a calculated field is never asked for, and a default counts as the answer while nobody wrote one', () => {
    const check = checkRun('form', incident, snap({ ...base, injured: 'yes', who: 'Sam', hours: 2 }, {}, { defects: ['d1', 'd2'] }));
    expect(check.errors).toEqual({});
    // Injury: who, hours, rate (its default) — pay is calculated and not a unit.
    expect(check.perSection.get('injury')).toMatchObject({ done: 3, total: 3 });
  });

  it('finishing freezes the calculated values that are shown', () => {
    expect(frozenCalculations(logicStateOf('form', incident, snap({ injured: 'yes', hours: 2 })))).toEqual({ pay: 80 });
    expect(frozenCalculations(logicStateOf('form', incident, snap({ injured: 'no', hours: 2 })))).toEqual({});
  });
});

describe('checkRun: repeat groups', () => {
  it('validates each live row on its own and names the row', () => {
    const check = checkRun('form', incident, snap({ what: 'Fell', injured: 'no', 'defects.d1.part': 'Rail', 'defects.gone.part': '' }, {}, { defects: ['d1', 'd2'] }));
    expect(check.problems).toEqual([{ key: 'defects.d2.part', where: ['Defects', 'Defect 2'], label: 'Part', message: 'required' }]);
  });

  it('refuses too few and too many rows in the group\u2019s words', () => {
    expect(problemsOf({ ...base, injured: 'no' }, { defects: ['d1'] })).toEqual({ defects: 'Add at least 2 defects' });
    expect(problemsOf({ ...base, injured: 'no', 'defects.d3.part': 'a', 'defects.d4.part': 'b' }, { defects: ['d1', 'd2', 'd3', 'd4'] })).toEqual({
      defects: 'Keep at most 3 defects: delete 1',
    });
    // A snapshot made before rows existed has none.
    expect(checkRun('form', incident, snap({ what: 'Fell', injured: 'no' })).problems).toEqual([{ key: 'defects', where: [], label: 'Defects', message: 'Add at least 2 defects' }]);
  });

  it('a procedure step\u2019s rows are checked once the step is done', () => {
    const procedure: ProcedureDefinition = {
      steps: [{ id: 'walk', title: 'Walk round', required: true, repeat: { min: 1 }, fields: [{ id: 'damage', label: 'Damage', kind: 'text', required: true }] }],
    };
    expect(checkRun('procedure', procedure, snap({}, {}, { walk: ['r'] })).errors).toEqual({});
    expect(checkRun('procedure', procedure, snap({}, { walk: true }, { walk: ['r'] })).errors).toEqual({ 'walk.r.damage': 'required' });
    expect(checkRun('procedure', procedure, snap({}, { walk: true }, { walk: [] })).errors).toEqual({ walk: 'Add at least 1 row' });
  });

  it('row words: plurals of the nouns on add buttons', () => {
    expect(rowCountProblem({ min: 2, addLabel: 'Add person' }, 0)).toBe('Add at least 2 people');
    expect(rowCountProblem({ min: 1, addLabel: 'Add a witness' }, 0)).toBe('Add at least 1 witness');
    expect(pluralOf('battery')).toBe('batteries');
    expect(pluralOf('witness')).toBe('witnesses');
    expect(rowCountProblem({ min: 5, countFrom: 'crew' }, 0)).toBeUndefined();
  });
});

describe('checkRun: responses, hidden steps and items', () => {
  const checklist: ChecklistDefinition = {
    fields: [{ id: 'vehicle', label: 'Vehicle', kind: 'text', required: true }],
    sections: [
      { id: 'tyres', title: 'Tyres', items: [{ id: 'front', label: 'Front tyres', required: true, responses: 'pass-fail-na' }] },
      { id: 'trailer', title: 'Trailer', visibleWhen: op('eq', ref('front'), lit('fail')), items: [{ id: 'hitch', label: 'Hitch', required: true }] },
    ],
  };

  it('a response part is done when a response is chosen; a hidden section asks nothing', () => {
    const open = checkRun('checklist', checklist, snap({ vehicle: 'Ute 14' }));
    expect(open.missing).toEqual(['front']);
    const passed = checkRun('checklist', checklist, snap({ vehicle: 'Ute 14', front: 'pass' }));
    expect(passed.missing).toEqual([]);
    expect(passed.progress).toMatchObject({ done: 2, total: 2 });
    const failed = checkRun('checklist', checklist, snap({ vehicle: 'Ute 14', front: 'fail' }));
    expect(failed.missing).toEqual(['hitch']);
    expect(failed.perSection.get('trailer')).toMatchObject({ done: 0, total: 1 });
  });

  it('checklist header fields are validated', () => {
    expect(checkRun('checklist', checklist, snap({ front: 'pass' })).errors).toEqual({ vehicle: 'required' });
  });

  it('a hidden step is neither required nor counted', () => {
    const procedure: ProcedureDefinition = {
      steps: [
        { id: 'gas', title: 'Gas present?', required: true, responses: 'yes-no-na' },
        { id: 'vent', title: 'Ventilate', required: true, visibleWhen: op('eq', ref('gas'), lit('yes')) },
      ],
    };
    expect(checkRun('procedure', procedure, snap({ gas: 'no' })).missing).toEqual([]);
    expect(checkRun('procedure', procedure, snap({ gas: 'no' })).progress.total).toBe(1);
    expect(checkRun('procedure', procedure, snap({ gas: 'yes' })).missing).toEqual(['vent']);
  });
});

describe('checkRun: definitions written before rules', () => {
  const procedure: ProcedureDefinition = { steps: [{ id: 's1', title: 'Isolate', required: true }, { id: 's2', title: 'Inspect', required: false }] };
  const checklist: ChecklistDefinition = { sections: [{ id: 'a', title: 'Site', items: [{ id: 'cones', label: 'Cones', required: true }, { id: 'sign', label: 'Sign', required: false }] }] };
  const form: FormDefinition = {
    fields: [
      { id: 'name', label: 'Name', kind: 'text', required: true },
      { id: 'count', label: 'Count', kind: 'number', required: false, max: 3, limits: 'block' },
    ],
  };

  it('count progress exactly as progressOf does', () => {
    const cases = [
      ['procedure', procedure, snap({}, { s1: true })],
      ['checklist', checklist, snap({}, { sign: true, cones: false })],
      ['form', form, snap({ name: 'Al', count: 9 })],
      ['form', form, snap({ name: '', count: 2 })],
    ] as const;
    for (const [type, def, s] of cases) expect(checkRun(type, def, s).progress).toEqual(progressOf(type, def, s));
  });
});

describe('checkRun: properties', () => {
  const anyValue = fc.oneof(fc.string({ maxLength: 5 }), fc.integer({ min: -50, max: 50 }), fc.boolean(), fc.constant(null), fc.constantFrom('yes', 'no'), fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }));
  const keys = ['what', 'injured', 'who', 'hours', 'rate', 'pay', 'defects.d1.part', 'defects.d2.part', 'defects.x.part'];
  const answers = fc.dictionary(fc.constantFrom(...keys), anyValue);
  const rows = fc.subarray(['d1', 'd2', 'x']);

  it('never throws, never reports a hidden or calculated part, and progress stays within 0..1', () => {
    fc.assert(
      fc.property(answers, rows, (values, live) => {
        const s = snap(values, {}, { defects: live });
        const logic = logicStateOf('form', incident, s);
        const check = checkRun('form', incident, s, logic);
        for (const key of Object.keys(check.errors)) {
          expect(logic.isCalculated(key)).toBe(false);
          if (key !== 'defects') expect(logic.isVisible(key)).toBe(true);
        }
        for (const key of logic.hiddenAnswered()) expect(check.errors[key]).toBeUndefined();
        expect(check.progress.fraction).toBeGreaterThanOrEqual(0);
        expect(check.progress.fraction).toBeLessThanOrEqual(1);
      }),
      { seed: 10, numRuns: 300 },
    );
  });
});
