import { describe, expect, it } from 'vitest';
import { checklistDefinitionSchema, formDefinitionSchema, procedureDefinitionSchema, typedDefinitionSchema } from './definition';
import { fieldSchema } from './field';

const messages = (result: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`) ?? [];

describe('field definitions', () => {
  it('accepts a well-formed field of every kind', () => {
    for (const kind of ['text', 'textarea', 'number', 'date', 'checkbox'] as const) {
      expect(fieldSchema.safeParse({ id: 'f', label: 'F', kind, required: false }).success).toBe(true);
    }
    expect(fieldSchema.safeParse({ id: 'f', label: 'F', kind: 'select', required: true, options: ['a'] }).success).toBe(true);
  });

  it('rejects a select or multiselect without options', () => {
    expect(messages(fieldSchema.safeParse({ id: 'f', label: 'F', kind: 'select', required: false }))).toEqual(['options: a select field needs at least one option']);
    expect(messages(fieldSchema.safeParse({ id: 'f', label: 'F', kind: 'multiselect', required: false, options: [] }))).toEqual([
      'options: a multiselect field needs at least one option',
    ]);
  });

  it('rejects repeated options', () => {
    expect(messages(fieldSchema.safeParse({ id: 'f', label: 'F', kind: 'select', required: false, options: ['a', 'a'] }))).toEqual([
      'options: each option must be different',
    ]);
  });

  it('rejects a pattern that is not a regular expression', () => {
    expect(messages(fieldSchema.safeParse({ id: 'f', label: 'F', kind: 'text', required: false, pattern: '([a-z' }))).toEqual([
      'pattern: the pattern is not a valid regular expression',
    ]);
  });

  it('rejects min greater than max', () => {
    expect(messages(fieldSchema.safeParse({ id: 'f', label: 'F', kind: 'number', required: false, min: 5, max: 1 }))).toEqual(['min: the minimum must not be more than the maximum']);
  });

  it('rejects ids that could not key completion data', () => {
    expect(fieldSchema.safeParse({ id: 'a.b', label: 'F', kind: 'text', required: false }).success).toBe(false);
    expect(fieldSchema.safeParse({ id: '', label: 'F', kind: 'text', required: false }).success).toBe(false);
  });
});

describe('document definitions', () => {
  const text = (id: string) => ({ id, label: id, kind: 'text', required: false });

  it('rejects duplicate step ids and duplicate field ids within a step', () => {
    const result = procedureDefinitionSchema.safeParse({
      steps: [
        { id: 's1', title: 'A', required: true, fields: [text('x'), text('x')] },
        { id: 's1', title: 'B', required: true, fields: [text('x')] },
      ],
    });
    expect(messages(result)).toEqual(['steps.1.id: duplicate step id "s1"', 'steps.0.fields.1.id: duplicate field id "x"']);
  });

  it('rejects duplicate section ids and item ids repeated across sections', () => {
    const result = checklistDefinitionSchema.safeParse({
      sections: [
        { id: 'a', title: 'A', items: [{ id: 'i1', label: 'I', required: true }] },
        { id: 'a', title: 'B', items: [{ id: 'i1', label: 'I', required: true }] },
      ],
    });
    expect(messages(result)).toEqual(['sections.1.id: duplicate section id "a"', 'sections.1.items.0.id: duplicate item id "i1"']);
  });

  it('rejects duplicate form field ids and an empty form', () => {
    expect(messages(formDefinitionSchema.safeParse({ fields: [text('f'), text('f')] }))).toEqual(['fields.1.id: duplicate field id "f"']);
    expect(formDefinitionSchema.safeParse({ fields: [] }).success).toBe(false);
  });

  it('reports a bad nested field at its path', () => {
    const result = formDefinitionSchema.safeParse({ fields: [{ id: 'c', label: 'C', kind: 'select', required: false }] });
    expect(messages(result)).toEqual(['fields.0.options: a select field needs at least one option']);
  });

  it('checks the definition against its content type', () => {
    expect(typedDefinitionSchema.safeParse({ contentType: 'form', definition: { fields: [text('f')] } }).success).toBe(true);
    expect(typedDefinitionSchema.safeParse({ contentType: 'procedure', definition: { fields: [text('f')] } }).success).toBe(false);
  });
});
