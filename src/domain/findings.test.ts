import { describe, expect, it } from 'vitest';
import { checklistDefinitionSchema, procedureDefinitionSchema } from './definition';
import { describeFlaggedAnswers, findingsOf, flaggedAnswers, notesMissing } from './findings';

const checklist = checklistDefinitionSchema.parse({
  fields: [{ id: 'pressure', label: 'Tyre pressure', kind: 'number', required: false, min: 30, max: 40 }],
  responseSets: [{ id: 'ok', label: 'OK / Damaged', responses: [{ id: 'ok', label: 'OK', colour: 'green', flagged: false }, { id: 'damaged', label: 'Damaged', colour: 'amber', flagged: true }] }],
  sections: [
    {
      id: 'outside',
      title: 'Outside',
      items: [
        { id: 'tyres', label: 'Tyres', required: true, responses: 'pass-fail-na', noteWhenFlagged: 'required' },
        { id: 'lights', label: 'Lights', required: true, responses: 'pass-fail-na' },
        { id: 'body', label: 'Body', required: false, responses: 'ok' },
        { id: 'mirror', label: 'Mirror', required: false },
      ],
    },
  ],
});

describe('findingsOf', () => {
  it('lists flagged responses in definition order, then readings out of range (checklist header fields too)', () => {
    const snapshot = { done: { mirror: true }, values: { tyres: 'fail', lights: 'pass', body: 'damaged', pressure: 25 } };
    const found = findingsOf('checklist', checklist, snapshot);
    expect(found.map((f) => [f.kind, f.key])).toEqual([
      ['response', 'tyres'],
      ['response', 'body'],
      ['reading', 'pressure'],
    ]);
    expect(describeFlaggedAnswers(flaggedAnswers('checklist', checklist, snapshot))).toBe('Outside › Tyres: Fail\nOutside › Body: Damaged');
  });

  it('finds nothing in unflagged, unknown or hidden answers', () => {
    expect(findingsOf('checklist', checklist, { done: {}, values: { tyres: 'pass', lights: 'bogus', body: 'ok' } })).toEqual([]);
    expect(findingsOf('checklist', checklist, { done: {}, values: { tyres: 'fail', pressure: 20 } }, () => false)).toEqual([]);
  });

  it('finds procedure steps answered with a flagged response and step readings', () => {
    const procedure = procedureDefinitionSchema.parse({
      steps: [{ id: 'gas', title: 'Gas test', required: true, responses: 'safe-at-risk', fields: [{ id: 'o2', label: 'Oxygen', kind: 'number', required: false, min: 19.5, max: 23.5 }] }],
    });
    const found = findingsOf('procedure', procedure, { done: {}, values: { gas: 'at-risk', 'gas.o2': 18 } });
    expect(found.map((f) => f.key)).toEqual(['gas', 'gas.o2']);
  });
});

describe('notesMissing', () => {
  it('names a flagged answer that requires a note until the part has one (R30)', () => {
    const snapshot = { done: {}, values: { tyres: 'fail', body: 'damaged' } };
    expect(notesMissing('checklist', checklist, snapshot, () => false).map((a) => a.key)).toEqual(['tyres']);
    expect(notesMissing('checklist', checklist, snapshot, (id) => id === 'tyres')).toEqual([]);
    expect(notesMissing('checklist', checklist, { done: {}, values: { tyres: 'pass' } }, () => false)).toEqual([]);
  });
});
