import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { checkDraft, draftDefinitionSchemaFor, draftSchema } from './authoring';
import type { Draft, DraftOf } from './authoring';
import { CONTENT_TYPES, definitionSchemaFor } from './definition';
import type { ChecklistDefinition, ContentType, Definition, FormDefinition, ProcedureDefinition } from './definition';
import { fieldSchema } from './field';
import type { DocumentId } from './ids';

/** Every key path of a schema with the kind of value there: `steps[].fields?[].min?: number`. */
function paths(schema: z.ZodType, at = ''): string[] {
  if (schema instanceof z.ZodOptional) return paths(schema.unwrap() as z.ZodType, `${at}?`);
  if (schema instanceof z.ZodArray) return paths(schema.element as z.ZodType, `${at}[]`);
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([key, value]) => paths(value, at === '' ? key : `${at}.${key}`));
  }
  const values = schema instanceof z.ZodEnum ? `(${schema.options.join('|')})` : '';
  return [`${at}: ${schema.def.type}${values}`];
}

// Definitions that use every key a definition has (the last test proves it of the fields).
const FIELDS: FormDefinition['fields'] = [
  { id: 'reading', label: 'Oxygen', kind: 'number', required: true, min: 19.5, max: 23.5, limits: 'block', help: 'At the hatch' },
  { id: 'tag', label: 'Tag', kind: 'text', required: false, min: 2, max: 12, pattern: '^CV-\\d+$', patternMessage: 'a valve tag', patternExample: 'CV-104' },
  { id: 'gas', label: 'Gas', kind: 'multiselect', required: false, min: 1, max: 2, options: ['O2', 'CO', 'H2S'] },
  { id: 'hatch', label: 'Hatch photos', kind: 'photo', required: false, min: 1, max: 3, cameraOnly: true, longEdge: 1600 },
  { id: 'permit', label: 'Permit', kind: 'file', required: false, accept: ['application/pdf', 'image/*'], maxBytes: 5_000_000 },
  { id: 'where', label: 'Where', kind: 'location', required: false, accuracyLimit: 25 },
  {
    id: 'margin',
    label: 'Margin',
    kind: 'number',
    required: false,
    visibleWhen: { op: 'answered', args: [{ ref: 'reading' }] },
    requiredWhen: { op: 'lt', args: [{ ref: 'reading' }, { lit: 20 }] },
    constraints: [{ check: { op: 'ge', args: [{ ref: 'margin' }, { lit: 0 }] }, message: 'Cannot be negative' }],
    calculate: { op: 'sub', args: [{ ref: 'reading' }, { lit: 19.5 }] },
    default: { lit: 0 },
  },
];
const DEFINITIONS: { [T in ContentType]: Definition } = {
  procedure: {
    steps: [
      { id: 's1', title: 'Isolate', body: 'Lock out the pump first.', required: true, fields: FIELDS },
      { id: 's2', title: 'Inspect', required: false },
    ],
  } satisfies ProcedureDefinition,
  checklist: { sections: [{ id: 'a', title: 'Site', items: [{ id: 'cones', label: 'Cones out', required: true }] }] } satisfies ChecklistDefinition,
  form: { fields: FIELDS } satisfies FormDefinition,
};

const draftOf = (contentType: ContentType, definition: unknown): unknown => ({
  documentId: '7c0e8a44-2a5d-4a55-9a5a-0a0a0a0a0a0a' as DocumentId,
  contentType,
  title: 'Confined space entry',
  description: 'Before anyone goes in',
  savedAt: 1,
  definition,
});

describe('draft schemas are derived from the definition schemas', () => {
  it.each(CONTENT_TYPES)('a %s draft has exactly the keys of its definition, at every level, with the same kinds of value', (contentType) => {
    expect(paths(draftDefinitionSchemaFor[contentType])).toEqual(paths(definitionSchemaFor[contentType]));
  });

  it('the draft types are the definition types', () => {
    expectTypeOf<DraftOf<'procedure'>['definition']>().toEqualTypeOf<ProcedureDefinition>();
    expectTypeOf<DraftOf<'checklist'>['definition']>().toEqualTypeOf<ChecklistDefinition>();
    expectTypeOf<DraftOf<'form'>['definition']>().toEqualTypeOf<FormDefinition>();
  });

  it.each(CONTENT_TYPES)('a %s draft that publishes equals the definition: no key is only in one of them', (contentType) => {
    const definition = DEFINITIONS[contentType];
    const draft: Draft = draftSchema.parse(draftOf(contentType, definition));
    expect(draft.definition).toEqual(definition);
    const check = checkDraft(draft);
    expect(check.ok ? check.definition : check.problems).toEqual(definition);
  });

  it('the fields above use every key a field has', () => {
    expect(new Set(FIELDS.flatMap((f) => Object.keys(f)))).toEqual(new Set(Object.keys(fieldSchema.shape)));
  });

  it('a half-finished draft still loads: empty words, a select without options, repeated ids, an empty list', () => {
    const unfinished = draftOf('procedure', {
      steps: [
        { id: '', title: '', required: true, fields: [{ id: 'a', label: '', kind: 'select', required: false, options: [] }, { id: 'a', label: 'x', kind: 'number', required: false, min: 9, max: 1 }] },
        { id: 's1', title: 'Same id twice', required: true, fields: [] },
        { id: 's1', title: 'Same id twice', required: true },
      ],
    });
    expect(draftSchema.safeParse(unfinished).success).toBe(true);
    expect(checkDraft(draftSchema.parse(unfinished)).ok).toBe(false);
    expect(draftSchema.safeParse(draftOf('checklist', { sections: [] })).success).toBe(true);
  });

  it('still refuses what is not a draft at all: a wrong kind, a missing key, a wrong type', () => {
    expect(draftSchema.safeParse(draftOf('form', { fields: [{ id: 'a', label: 'A', kind: 'colour', required: true }] })).success).toBe(false);
    expect(draftSchema.safeParse(draftOf('form', { fields: [{ id: 'a', label: 'A', kind: 'text' }] })).success).toBe(false);
    expect(draftSchema.safeParse(draftOf('form', { fields: 'nope' })).success).toBe(false);
    expect(draftSchema.safeParse(draftOf('checklist', { fields: [] })).success).toBe(false);
  });
});
