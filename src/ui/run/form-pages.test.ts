import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '../../domain';
import { describeProblem } from './ErrorSummary';
import { sectionOfKey } from './FormRunner';

const form: FormDefinition = {
  fields: [{ id: 'site', label: 'Site', kind: 'text', required: true }],
  sections: [
    { id: 'injury', title: 'Injury', fields: [{ id: 'who', label: 'Who', kind: 'text', required: true }] },
    { id: 'defects', title: 'Defects', repeat: {}, fields: [{ id: 'part', label: 'Part', kind: 'text', required: true }] },
  ],
};

describe('the form runner\u2019s pages and error summary', () => {
  it('finds the page of a field, a repeat row\u2019s cell and a repeat group; top-level fields have none', () => {
    expect(sectionOfKey(form, 'who')).toBe('injury');
    expect(sectionOfKey(form, 'defects.r7.part')).toBe('defects');
    expect(sectionOfKey(form, 'defects')).toBe('defects');
    expect(sectionOfKey(form, 'site')).toBeUndefined();
    expect(sectionOfKey(form, undefined)).toBeUndefined();
  });

  it('says where each problem is, what it is and what is wrong', () => {
    expect(describeProblem({ key: 'defects.r1.part', where: ['Defects', 'Row 1'], label: 'Part', message: 'required' })).toBe('Defects › Row 1 › Part: Required');
    expect(describeProblem({ key: 'site', where: [], label: 'Site', message: 'does not match the expected format' })).toBe('Site: Does not match the expected format');
  });
});
