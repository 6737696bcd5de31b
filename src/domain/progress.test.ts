import { describe, expect, it } from 'vitest';
import type { ChecklistDefinition, FormDefinition, ProcedureDefinition } from './definition';
import { checklistProgress, describeFlagged, flaggedReadings, formProgress, procedureProgress, progressOf, sectionProgress } from './progress';

const procedure: ProcedureDefinition = {
  steps: [
    { id: 's1', title: 'Isolate', required: true },
    { id: 's2', title: 'Inspect', required: true },
    { id: 's3', title: 'Photograph', required: false },
  ],
};

const checklist: ChecklistDefinition = {
  sections: [
    { id: 'a', title: 'Exits', items: [{ id: 'i1', label: 'Clear', required: true }, { id: 'i2', label: 'Lit', required: false }] },
    { id: 'b', title: 'Fire', items: [{ id: 'i3', label: 'Extinguisher', required: true }] },
  ],
};

const form: FormDefinition = {
  fields: [
    { id: 'name', label: 'Name', kind: 'text', required: true },
    { id: 'count', label: 'Count', kind: 'number', required: false },
    { id: 'ok', label: 'OK', kind: 'checkbox', required: true },
  ],
};

describe('progress', () => {
  it('counts done steps and whether every required step is done', () => {
    expect(procedureProgress(procedure, { done: { s1: true, s3: true, s2: false }, values: {} })).toEqual({
      done: 2,
      total: 3,
      requiredDone: 1,
      requiredTotal: 2,
      fraction: 2 / 3,
      requiredMet: false,
    });
    expect(procedureProgress(procedure, { done: { s1: true, s2: true }, values: {} }).requiredMet).toBe(true);
  });

  it('counts checklist items across sections and per section', () => {
    const snap = { done: { i1: true, i3: true }, values: {} };
    expect(checklistProgress(checklist, snap)).toMatchObject({ done: 2, total: 3, requiredMet: true });
    const sections = sectionProgress(checklist, snap);
    expect(sections.get('a')).toMatchObject({ done: 1, total: 2, fraction: 0.5 });
    expect(sections.get('b')).toMatchObject({ done: 1, total: 1, fraction: 1 });
  });

  it('counts answered form fields; zero is an answer, an unticked box is not', () => {
    const p = formProgress(form, { done: {}, values: { name: 'Ana', count: 0, ok: false } });
    expect(p).toMatchObject({ done: 2, total: 3, requiredDone: 1, requiredTotal: 2, requiredMet: false });
  });

  it('counts only valid answers as answered', () => {
    const strict: FormDefinition = {
      fields: [
        { id: 'plate', label: 'Plate', kind: 'text', required: true, pattern: 'CV-[0-9]+' },
        { id: 'when', label: 'When', kind: 'date', required: false },
        { id: 'psi', label: 'Pressure', kind: 'number', required: false, max: 10, limits: 'block' },
        { id: 'o2', label: 'Oxygen', kind: 'number', required: false, min: 19.5 },
      ],
    };
    const p = formProgress(strict, { done: {}, values: { plate: 'nope', when: '2024-02-30', psi: 11, o2: 18 } });
    // Only the out-of-range oxygen reading (a warning, recorded and flagged) counts.
    expect(p).toMatchObject({ done: 1, total: 4, requiredDone: 0, requiredMet: false });
    expect(formProgress(strict, { done: {}, values: { plate: 'CV-1', when: '2024-02-29', psi: 9 } })).toMatchObject({ done: 3, requiredMet: true });
  });

  it('lists flagged readings of forms and procedure steps', () => {
    const stepped: ProcedureDefinition = {
      steps: [{ id: 'gas', title: 'Gas test', required: true, fields: [{ id: 'o2', label: 'Oxygen %', kind: 'number', required: true, min: 19.5, max: 23.5 }] }],
    };
    const flags = flaggedReadings('procedure', stepped, { done: {}, values: { 'gas.o2': 18 } });
    expect(flags).toMatchObject([{ key: 'gas.o2', value: 18, stepTitle: 'Gas test', message: 'below the expected range 19.5–23.5' }]);
    expect(describeFlagged(flags)).toBe('Gas test › Oxygen %: 18 (below the expected range 19.5–23.5)');
    expect(flaggedReadings('procedure', stepped, { done: {}, values: { 'gas.o2': 20.9 } })).toEqual([]);
    expect(flaggedReadings('checklist', checklist, { done: {}, values: {} })).toEqual([]);
  });

  it('dispatches on content type', () => {
    const snap = { done: { s1: true }, values: {} };
    expect(progressOf('procedure', procedure, snap)).toEqual(procedureProgress(procedure, snap));
    expect(progressOf('form', form, snap)).toEqual(formProgress(form, snap));
    expect(progressOf('checklist', checklist, snap)).toEqual(checklistProgress(checklist, snap));
  });

  it('reports an empty definition as complete', () => {
    expect(formProgress({ fields: [] }, { done: {}, values: {} })).toMatchObject({ fraction: 1, requiredMet: true });
  });
});
