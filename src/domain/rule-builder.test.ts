import { describe, expect, it } from 'vitest';
import type { ChecklistDefinition, FormDefinition, ProcedureDefinition } from './definition';
import type { Expr } from './logic/expr';
import {
  calculationToExpr,
  conditionToExpr,
  exprToCalculation,
  exprToCondition,
  newRow,
  testsFor,
} from './rule-builder';
import { questionsBefore, titleExample, titleKeys } from './rule-questions';
import type { Calculation, Condition } from './rule-builder';

describe('condition builder', () => {
  it('builds an all/any group of comparisons and reads it back equal', () => {
    const condition: Condition = {
      combine: 'any',
      rows: [
        { ref: 'injured', test: 'eq', value: 'Yes' },
        { ref: 'hours', test: 'gt', value: 4 },
        { ref: 'notes', test: 'contains', value: 'burn' },
        { ref: 'site', test: 'answered' },
        { ref: 'tyres', test: 'notAnswered' },
        { ref: 'date', test: 'lt', value: '2026-01-01' },
        { ref: 'kind', test: 'ne', value: 'Other' },
      ],
    };
    const expr = conditionToExpr(condition);
    expect(expr).toEqual({
      op: 'or',
      args: [
        { op: 'eq', args: [{ ref: 'injured' }, { lit: 'Yes' }] },
        { op: 'gt', args: [{ ref: 'hours' }, { lit: 4 }] },
        { op: 'contains', args: [{ ref: 'notes' }, { lit: 'burn' }] },
        { op: 'answered', args: [{ ref: 'site' }] },
        { op: 'not', args: [{ op: 'answered', args: [{ ref: 'tyres' }] }] },
        { op: 'lt', args: [{ ref: 'date' }, { lit: '2026-01-01' }] },
        { op: 'ne', args: [{ ref: 'kind' }, { lit: 'Other' }] },
      ],
    });
    expect(exprToCondition(expr)).toEqual(condition);
    expect(conditionToExpr({ combine: 'all', rows: [{ ref: 'a', test: 'eq', value: true }] })).toEqual({ op: 'and', args: [{ op: 'eq', args: [{ ref: 'a' }, { lit: true }] }] });
  });

  it('an empty condition is no rule, and no rule is an empty condition', () => {
    expect(conditionToExpr({ combine: 'all', rows: [] })).toBeUndefined();
    expect(exprToCondition(undefined)).toEqual({ combine: 'all', rows: [] });
  });

  it('reads a single comparison without a group as a group of one', () => {
    expect(exprToCondition({ op: 'eq', args: [{ ref: 'a' }, { lit: 'x' }] })).toEqual({ combine: 'all', rows: [{ ref: 'a', test: 'eq', value: 'x' }] });
  });

  it('a rule it cannot show reads back as null (a custom rule), never a wrong builder', () => {
    const custom: Expr[] = [
      { op: 'and', args: [{ op: 'or', args: [] }] },
      { op: 'gt', args: [{ op: 'add', args: [{ ref: 'a' }, { ref: 'b' }] }, { lit: 3 }] },
      { op: 'eq', args: [{ ref: 'a' }, { ref: 'b' }] },
      { op: 'not', args: [{ ref: 'a' }] },
      { lit: true },
      { ref: 'a' },
      { op: 'ge', args: [{ ref: 'a' }, { lit: 1 }] },
    ];
    for (const expr of custom) expect(exprToCondition(expr)).toBeNull();
  });

  it('a new row starts with the first test that fits and the first value offered', () => {
    const choice = { ref: 'kind', label: 'Kind', type: 'choice', options: [{ value: 'Slip', label: 'Slip' }], column: false } as const;
    expect(newRow(choice)).toEqual({ ref: 'kind', test: 'eq', value: 'Slip' });
    expect(newRow({ ref: 'horn', label: 'Horn', type: 'boolean', column: false })).toEqual({ ref: 'horn', test: 'eq', value: true });
    expect(newRow({ ref: 'hours', label: 'Hours', type: 'number', column: false })).toEqual({ ref: 'hours', test: 'eq', value: null });
    expect(newRow({ ref: 'gear', label: 'Gear', type: 'list', options: [{ value: 'Boots', label: 'Boots' }], column: false })).toEqual({ ref: 'gear', test: 'contains', value: 'Boots' });
  });

  it('offers only the tests that fit a question', () => {
    expect(testsFor('list')).toEqual(['contains', 'answered', 'notAnswered']);
    expect(testsFor('choice')).not.toContain('gt');
    expect(testsFor('number')).toContain('lt');
    expect(testsFor('none')).toEqual([]);
  });
});

describe('calculation builder', () => {
  it('builds each kind and reads it back equal', () => {
    const calcs: Calculation[] = [
      { kind: 'aggregate', op: 'sum', refs: ['people.hours'] },
      { kind: 'aggregate', op: 'max', refs: ['a', 'b', 'c'] },
      { kind: 'aggregate', op: 'count', refs: ['people.name'] },
      { kind: 'arithmetic', op: 'mul', a: { ref: 'hours' }, b: { lit: 60 } },
      { kind: 'arithmetic', op: 'sub', a: { ref: 'end' }, b: { ref: 'start' } },
      { kind: 'daysBetween', from: 'opened', to: 'closed' },
      { kind: 'addDays', from: 'inspected', days: { lit: 14 } },
      { kind: 'addDays', from: 'inspected', days: { ref: 'interval' } },
      { kind: 'concat', parts: [{ ref: 'asset' }, { lit: ' at ' }, { ref: 'site' }] },
    ];
    for (const calc of calcs) expect(exprToCalculation(calculationToExpr(calc))).toEqual(calc);
    expect(calculationToExpr(calcs[3]!)).toEqual({ op: 'mul', args: [{ ref: 'hours' }, { lit: 60 }] });
  });

  it('a calculation it cannot show is null', () => {
    expect(exprToCalculation({ op: 'add', args: [{ op: 'mul', args: [] }, { lit: 1 }] })).toBeNull();
    expect(exprToCalculation({ op: 'round', args: [{ ref: 'a' }] })).toBeNull();
    expect(exprToCalculation(undefined)).toBeNull();
    expect(exprToCalculation({ lit: 3 })).toBeNull();
  });
});

describe('questions offered', () => {
  const form: FormDefinition = {
    fields: [
      { id: 'injured', label: 'Anyone injured?', kind: 'select', required: true, options: ['Yes', 'No'] },
      { id: 'count', label: 'How many', kind: 'number', required: false },
    ],
    sections: [
      {
        id: 'people',
        title: 'People',
        repeat: { min: 1 },
        fields: [
          { id: 'name', label: 'Name', kind: 'text', required: true },
          { id: 'hours', label: 'Hours lost', kind: 'number', required: false },
        ],
      },
      { id: 'total', title: 'Total', fields: [{ id: 'sum', label: 'Total hours', kind: 'number', required: false }] },
    ],
  };

  it('offers the answers before the part, siblings in a repeat by bare id, other groups as columns', () => {
    expect(questionsBefore('form', form, 'fields.1').map((q) => q.ref)).toEqual(['injured']);
    expect(questionsBefore('form', form, 'fields.0')).toEqual([]);
    expect(questionsBefore('form', form, 'sections.0.fields.1').map((q) => [q.ref, q.column])).toEqual([
      ['injured', false],
      ['count', false],
      ['name', false],
    ]);
    expect(questionsBefore('form', form, 'sections.1.fields.0').filter((q) => q.column).map((q) => q.ref)).toEqual(['people.name', 'people.hours']);
    expect(questionsBefore('form', form, 'fields.1')[0]?.options).toEqual([{ value: 'Yes', label: 'Yes' }, { value: 'No', label: 'No' }]);
  });

  it('names a response part’s answers by their labels, own sets included', () => {
    const checklist: ChecklistDefinition = {
      responseSets: [{ id: 'ok', label: 'OK / Broken', responses: [{ id: 'ok', label: 'OK', colour: 'green', flagged: false }, { id: 'broken', label: 'Broken', colour: 'red', flagged: true }] }],
      sections: [
        {
          id: 's',
          title: 'Cab',
          items: [
            { id: 'tyres', label: 'Tyres', required: true, responses: 'pass-fail-na' },
            { id: 'lights', label: 'Lights', required: true, responses: 'ok' },
            { id: 'horn', label: 'Horn', required: true },
          ],
        },
      ],
    };
    const qs = questionsBefore('checklist', checklist, 'sections.0.items.2');
    expect(qs.map((q) => [q.ref, q.type, q.options?.map((o) => o.label)])).toEqual([
      ['tyres', 'choice', ['Pass', 'Fail', 'N/A']],
      ['lights', 'choice', ['OK', 'Broken']],
    ]);
  });

  it('names procedure step fields by step and field id', () => {
    const procedure: ProcedureDefinition = {
      steps: [
        { id: 'iso', title: 'Isolate', required: true, fields: [{ id: 'tag', label: 'Tag', kind: 'text', required: true }] },
        { id: 'test', title: 'Test', required: true },
      ],
    };
    expect(questionsBefore('procedure', procedure, 'steps.1').map((q) => [q.ref, q.type])).toEqual([
      ['iso', 'boolean'],
      ['iso.tag', 'text'],
    ]);
    expect(titleKeys('procedure', procedure)).toEqual([{ key: 'iso.tag', label: 'Tag' }]);
  });

  it('never offers a part whose id is not a valid reference (the rule could not be saved in the draft)', () => {
    const odd: FormDefinition = { fields: [{ id: 'a b', label: 'Odd', kind: 'text', required: false }, { id: 'ok', label: 'Fine', kind: 'text', required: false }, { id: 'z', label: 'Z', kind: 'text', required: false }] };
    expect(questionsBefore('form', odd, 'fields.2').map((q) => q.ref)).toEqual(['ok']);
  });

  it('a run-name example shows each key as its label', () => {
    const keys = titleKeys('form', form);
    expect(keys.map((k) => k.key)).toEqual(['injured', 'count', 'sum']);
    expect(titleExample('{injured} — {count} {nope}', keys)).toBe('‹Anyone injured?› — ‹How many› {nope}');
  });
});
