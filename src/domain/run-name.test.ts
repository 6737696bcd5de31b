import { describe, expect, it } from 'vitest';
import { checklistDefinitionSchema } from './definition';
import type { ChecklistDefinition } from './definition';
import { fillTemplate, runNameOf } from './run-name';

const lookup = (values: Record<string, string>) => (key: string): string => values[key] ?? '';

describe('fillTemplate', () => {
  it('fills every placeholder with its answer', () => {
    expect(fillTemplate('{vehicle} — {site}', lookup({ vehicle: 'Ute 14', site: 'Depot' }))).toBe('Ute 14 — Depot');
  });

  it('drops an empty or unknown placeholder with its separator', () => {
    expect(fillTemplate('{a} — {b}', lookup({ b: 'b' }))).toBe('b');
    expect(fillTemplate('{a} — {b}', lookup({ a: 'a' }))).toBe('a');
    expect(fillTemplate('{a} — {b} — {c}', lookup({ a: 'a', c: 'c' }))).toBe('a — c');
    expect(fillTemplate('{a} ({b})', lookup({ a: 'a' }))).toBe('a');
  });

  it('keeps the text before the first placeholder and after a filled last one', () => {
    expect(fillTemplate('Pre-trip — {vehicle}', lookup({ vehicle: 'Ute 14' }))).toBe('Pre-trip — Ute 14');
    expect(fillTemplate('Pre-trip — {a} — {vehicle}', lookup({ vehicle: 'Ute 14' }))).toBe('Pre-trip — Ute 14');
    expect(fillTemplate('{a} ({b})', lookup({ a: 'a', b: 'b' }))).toBe('a (b)');
  });

  it('is empty when nothing is filled, so the document title is used', () => {
    expect(fillTemplate('Pre-trip — {vehicle}', lookup({}))).toBe('');
    expect(fillTemplate('no placeholders', lookup({}))).toBe('');
  });

  it('collapses whitespace and caps the name at 200 characters', () => {
    expect(fillTemplate('{a}   {b}', lookup({ a: ' x ', b: 'y' }))).toBe('x y');
    expect(fillTemplate('{a}', lookup({ a: 'z'.repeat(300) }))).toHaveLength(200);
  });
});

describe('runNameOf', () => {
  const def: ChecklistDefinition = checklistDefinitionSchema.parse({
    titleTemplate: '{vehicle} — {odometer} — {tyres}',
    fields: [
      { id: 'vehicle', label: 'Vehicle', kind: 'text', required: false },
      { id: 'odometer', label: 'Odometer', kind: 'number', required: false },
    ],
    sections: [{ id: 's', title: 'Outside', items: [{ id: 'tyres', label: 'Tyres', required: false, responses: 'pass-fail-na' }] }],
  });

  it('names the run from header answers and shows a response by its label', () => {
    expect(runNameOf('checklist', def, { done: {}, values: { vehicle: 'Ute 14', odometer: 120500, tyres: 'fail' } })).toBe('Ute 14 — 120500 — Fail');
  });

  it('is undefined when nothing is answered or the definition has no template', () => {
    expect(runNameOf('checklist', def, { done: {}, values: {} })).toBeUndefined();
    const { titleTemplate: _t, ...plain } = def;
    expect(runNameOf('checklist', plain, { done: {}, values: { vehicle: 'Ute 14' } })).toBeUndefined();
  });

  it('reads what the caller says a reader sees (a calculated value)', () => {
    expect(runNameOf('checklist', def, { done: {}, values: {} }, (k) => (k === 'odometer' ? 7 : undefined))).toBe('7');
  });
});
