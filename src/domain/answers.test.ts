import { describe, expect, it } from 'vitest';
import { isEmptyAnswer, rangeWarning, validateAnswer, validateAnswers } from './answers';
import type { AnswerValue } from './answers';
import type { Field } from './field';

const field = (over: Partial<Field> & Pick<Field, 'kind'>): Field => ({ id: 'f', label: 'Field', required: false, ...over });

/** [description, field, value, expected error or undefined] */
type Case = [string, Field, AnswerValue | undefined, string | undefined];

const cases: Case[] = [
  // required / empty, per kind
  ['required text left empty', field({ kind: 'text', required: true }), '', 'required'],
  ['required textarea left undefined', field({ kind: 'textarea', required: true }), undefined, 'required'],
  ['required number left null', field({ kind: 'number', required: true }), null, 'required'],
  ['required multiselect with nothing chosen', field({ kind: 'multiselect', required: true, options: ['a'] }), [], 'required'],
  ['required checkbox unticked', field({ kind: 'checkbox', required: true }), false, 'must be ticked'],
  ['required checkbox ticked', field({ kind: 'checkbox', required: true }), true, undefined],
  ['optional field left empty, whatever its limits', field({ kind: 'text', min: 3, pattern: '[0-9]+' }), '', undefined],
  // text
  ['text shorter than min', field({ kind: 'text', min: 3 }), 'ab', 'at least 3 characters'],
  ['text longer than max', field({ kind: 'textarea', max: 4 }), 'abcde', 'at most 4 characters'],
  ['text within bounds', field({ kind: 'text', min: 2, max: 4 }), 'abc', undefined],
  ['text matching the whole pattern', field({ kind: 'text', pattern: '[A-Z]{2}-[0-9]+' }), 'AB-12', undefined],
  ['text matching only part of the pattern', field({ kind: 'text', pattern: '[A-Z]{2}-[0-9]+' }), 'xAB-12', 'does not match the expected format'],
  ['a failed pattern shows the example', field({ kind: 'text', pattern: 'CV-[0-9]+', patternExample: 'CV-1042' }), 'CV1042', 'does not match the expected format (for example CV-1042)'],
  ['a failed pattern shows the author\'s message', field({ kind: 'text', pattern: 'CV-[0-9]+', patternMessage: 'Use the plate number: CV- then digits' }), 'x', 'Use the plate number: CV- then digits'],
  ['pattern with alternation anchored as a whole', field({ kind: 'text', pattern: 'a|b' }), 'ab', 'does not match the expected format'],
  ['a number given to a text field', field({ kind: 'text' }), 5, 'Invalid input: expected string, received number'],
  // number
  ['number below a hard min', field({ kind: 'number', min: 0, limits: 'block' }), -1, 'must be at least 0'],
  ['number above a hard max', field({ kind: 'number', max: 10, limits: 'block' }), 11, 'must be at most 10'],
  ['number below a warning min is recorded (limits default to warn)', field({ kind: 'number', min: 19.5, max: 23.5 }), 18, undefined],
  ['number above an explicit warning max is recorded', field({ kind: 'number', max: 10, limits: 'warn' }), 11, undefined],
  ['number at the bounds', field({ kind: 'number', min: 0, max: 10 }), 10, undefined],
  ['zero is an answer, not empty', field({ kind: 'number', required: true }), 0, undefined],
  ['text given to a number field', field({ kind: 'number' }), '12', 'must be a number'],
  // date
  ['a real date', field({ kind: 'date' }), '2024-02-29', undefined],
  ['a date in another format', field({ kind: 'date' }), '29/02/2024', 'must be a date (YYYY-MM-DD)'],
  ['an impossible month', field({ kind: 'date' }), '2024-13-01', 'must be a real date'],
  ['an impossible day that Date.parse would roll over', field({ kind: 'date' }), '2024-02-30', 'must be a real date'],
  ['29 February outside a leap year', field({ kind: 'date' }), '2023-02-29', 'must be a real date'],
  // select
  ['one of the options', field({ kind: 'select', options: ['red', 'green'] }), 'green', undefined],
  ['not one of the options', field({ kind: 'select', options: ['red', 'green'] }), 'blue', 'choose one of the options'],
  // multiselect
  ['choices from the options', field({ kind: 'multiselect', options: ['a', 'b', 'c'] }), ['a', 'c'], undefined],
  ['a choice outside the options', field({ kind: 'multiselect', options: ['a', 'b'] }), ['a', 'z'], 'choose from the options'],
  ['fewer choices than min', field({ kind: 'multiselect', options: ['a', 'b', 'c'], min: 2 }), ['a'], 'choose at least 2'],
  ['more choices than max', field({ kind: 'multiselect', options: ['a', 'b', 'c'], max: 1 }), ['a', 'b'], 'choose at most 1'],
  ['a repeated choice counted toward min', field({ kind: 'multiselect', options: ['a', 'b'], min: 2 }), ['a', 'a'], 'choose each option once'],
  // checkbox
  ['a string given to a checkbox', field({ kind: 'checkbox' }), 'yes', 'Invalid input: expected boolean, received string'],
];

describe('validateAnswer', () => {
  it.each(cases)('%s', (_name, f, value, expected) => {
    expect(validateAnswer(f, value)).toBe(expected);
  });
});

describe('validateAnswers', () => {
  const fields: Field[] = [
    field({ id: 'name', kind: 'text', required: true }),
    field({ id: 'count', kind: 'number', min: 1, limits: 'block' }),
    field({ id: 'ok', kind: 'checkbox', required: true }),
  ];

  it('reports every bad field at its own id', () => {
    expect(validateAnswers(fields, { count: 0 })).toEqual({ name: 'required', count: 'must be at least 1', ok: 'must be ticked' });
  });

  it('returns no errors for a valid set, ignoring unknown keys', () => {
    expect(validateAnswers(fields, { name: 'Ana', ok: true, extra: 'x' })).toEqual({});
  });

  it('looks values up with a custom key, as step fields do', () => {
    expect(validateAnswers(fields, { 's1.name': 'Ana', 's1.ok': true }, (f) => `s1.${f.id}`)).toEqual({});
    expect(validateAnswers(fields, { name: 'Ana', ok: true }, (f) => `s1.${f.id}`)).toEqual({ 's1.name': 'required', 's1.ok': 'must be ticked' });
  });
});

describe('rangeWarning', () => {
  const oxygen = field({ kind: 'number', label: 'Oxygen %', min: 19.5, max: 23.5 });
  it('flags a reading outside warning limits and says which side', () => {
    expect(rangeWarning(oxygen, 18)).toBe('below the expected range 19.5–23.5');
    expect(rangeWarning(oxygen, 24)).toBe('above the expected range 19.5–23.5');
    expect(rangeWarning(field({ kind: 'number', min: 5 }), 4)).toBe('below the expected minimum 5');
    expect(rangeWarning(field({ kind: 'number', max: 5 }), 6)).toBe('above the expected maximum 5');
  });

  it('flags nothing inside the range, when empty, for hard limits or for other kinds', () => {
    expect(rangeWarning(oxygen, 19.5)).toBeUndefined();
    expect(rangeWarning(oxygen, null)).toBeUndefined();
    expect(rangeWarning({ ...oxygen, limits: 'block' }, 18)).toBeUndefined();
    expect(rangeWarning(field({ kind: 'text', min: 3 }), 'a')).toBeUndefined();
  });
});

describe('isEmptyAnswer', () => {
  it.each<[AnswerValue | undefined, boolean]>([
    [undefined, true],
    [null, true],
    ['', true],
    [false, true],
    [[], true],
    [0, false],
    ['0', false],
    [true, false],
    [['a'], false],
  ])('%j is empty: %s', (value, empty) => {
    expect(isEmptyAnswer(value)).toBe(empty);
  });
});
