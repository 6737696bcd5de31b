import { describe, expect, it } from 'vitest';
import { calculationToExpr, checkDraft, copyField, copyFormSection, copySection, copyStep, conditionToExpr, draftSchema, emptyChecklistItem, questionsBefore, emptyFormSection, emptyResponseSet, emptyStep, newDefinition, parseDocumentFile, previewOf, toDocumentFile } from './authoring';
import type { ConditionRow, Draft, Test } from './authoring';
import type { Literal } from './logic/expr';
import type { ChecklistDefinition, ContentType, Definition, FormDefinition, ProcedureDefinition } from './definition';
import { definitionSchemaFor } from './definition';
import type { ContentDocument, DocumentVersion } from './document';

/** Definitions using every key issue 10 added: responses, sets, scoring, run names, rules, sections, repeats. */
const CHECKLIST: ChecklistDefinition = {
  responseSets: [
    { id: 'ok-broken', label: 'OK / Broken', responses: [{ id: 'ok', label: 'OK', colour: 'green', flagged: false, score: 1 }, { id: 'broken', label: 'Broken', colour: 'red', flagged: true, score: 0 }] },
  ],
  scoring: true,
  titleTemplate: '{rego} — {site}',
  fields: [
    { id: 'rego', label: 'Vehicle', kind: 'text', required: true },
    { id: 'site', label: 'Site', kind: 'text', required: false },
  ],
  sections: [
    {
      id: 'cab',
      title: 'Cab',
      items: [
        { id: 'tyres', label: 'Tyres', required: true, responses: 'pass-fail-na', noteWhenFlagged: 'required', weight: 2 },
        { id: 'lights', label: 'Lights', required: false, responses: 'ok-broken', requiredWhen: { op: 'and', args: [{ op: 'eq', args: [{ ref: 'tyres' }, { lit: 'fail' }] }] } },
        { id: 'horn', label: 'Horn', required: true },
      ],
    },
    { id: 'tow', title: 'Towing', visibleWhen: { op: 'and', args: [{ op: 'answered', args: [{ ref: 'site' }] }] }, items: [{ id: 'hitch', label: 'Hitch', required: true, responses: 'yes-no-na' }] },
  ],
};
const FORM: FormDefinition = {
  titleTemplate: 'Incident at {where}',
  fields: [
    { id: 'where', label: 'Where', kind: 'text', required: true },
    { id: 'injured', label: 'Anyone injured?', kind: 'select', required: true, options: ['Yes', 'No'] },
    { id: 'count', label: 'How many', kind: 'number', required: false, default: { lit: 1 }, constraints: [{ check: { op: 'and', args: [{ op: 'gt', args: [{ ref: 'count' }, { lit: 0 }] }] }, message: 'At least one person' }] },
  ],
  sections: [
    {
      id: 'people',
      title: 'Injuries',
      description: 'One row per person',
      visibleWhen: { op: 'and', args: [{ op: 'eq', args: [{ ref: 'injured' }, { lit: 'Yes' }] }] },
      repeat: { min: 1, max: 10, addLabel: 'Add person' },
      fields: [
        { id: 'name', label: 'Name', kind: 'text', required: true },
        { id: 'hours', label: 'Hours lost', kind: 'number', required: false },
      ],
    },
    { id: 'totals', title: 'Totals', fields: [{ id: 'total', label: 'Total hours', kind: 'number', required: false, calculate: { op: 'sum', args: [{ ref: 'people.hours' }] } }] },
  ],
};
const PROCEDURE: ProcedureDefinition = {
  scoring: false,
  steps: [
    { id: 'iso', title: 'Isolate', required: true, responses: 'pass-fail-na', noteWhenFlagged: 'optional', fields: [{ id: 'n', label: 'Testers', kind: 'number', required: true }] },
    { id: 'gas', title: 'Gas test', required: true, repeat: { countFrom: 'iso.n' }, visibleWhen: { op: 'and', args: [{ op: 'eq', args: [{ ref: 'iso' }, { lit: 'pass' }] }] }, fields: [{ id: 'o2', label: 'Oxygen', kind: 'number', required: true }] },
  ],
};
const DEFS: Record<ContentType, Definition> = { checklist: CHECKLIST, form: FORM, procedure: PROCEDURE };

const draftOf = (contentType: ContentType, definition: unknown): Draft =>
  draftSchema.parse({ documentId: '7c0e8a44-2a5d-4a55-9a5a-0a0a0a0a0a0a', contentType, title: 'T', description: '', savedAt: 1, definition });

const DOC = { id: '7c0e8a44-2a5d-4a55-9a5a-0a0a0a0a0a0a', title: 'Pre-trip', description: 'Daily' } as ContentDocument;
const versionOf = (contentType: ContentType, definition: Definition): DocumentVersion => ({ contentType, definition }) as DocumentVersion;

describe('drafts with responses, rules, sections and repeats', () => {
  it.each(['checklist', 'form', 'procedure'] as const)('a %s draft with every new key publishes unchanged: tidy keeps them', (contentType) => {
    expect(definitionSchemaFor[contentType].safeParse(DEFS[contentType]).success).toBe(true);
    const check = checkDraft(draftOf(contentType, DEFS[contentType]));
    expect(check.ok ? check.definition : check.problems).toEqual(DEFS[contentType]);
  });

  it('tidy trims the run name and constraint messages, and drops an empty run name', () => {
    const draft = draftOf('form', { ...FORM, titleTemplate: '  ', fields: FORM.fields.map((f) => (f.constraints ? { ...f, constraints: [{ ...f.constraints[0], message: '  At least one person ' }] } : f)) });
    const check = checkDraft(draft);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect('titleTemplate' in check.definition).toBe(false);
    expect((check.definition as FormDefinition).fields[2]?.constraints?.[0]?.message).toBe('At least one person');
  });

  it('tidy trims the words of own response sets and a repeat’s add button, and drops blank add-button words', () => {
    const draft = draftOf('form', {
      ...FORM,
      responseSets: [{ id: 'ok', label: ' OK / Broken ', responses: [{ id: 'ok', label: ' OK', colour: 'green', flagged: false }, { id: 'b', label: 'Broken ', colour: 'red', flagged: true }] }],
      sections: [{ ...FORM.sections![0]!, repeat: { min: 1, addLabel: '  ' } }, { ...FORM.sections![1]!, repeat: { addLabel: ' Add total ' } }],
    });
    const check = checkDraft(draft);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const form = check.definition as FormDefinition;
    expect(form.responseSets?.[0]).toMatchObject({ label: 'OK / Broken', responses: [{ label: 'OK' }, { label: 'Broken' }] });
    expect(form.sections?.map((s) => s.repeat)).toEqual([{ min: 1 }, { addLabel: 'Add total' }]);
  });

  it('a half-built draft still loads: an empty check message, unnamed responses, a set of one, a section with no fields', () => {
    const half = {
      responseSets: [{ id: 'mine', label: '', responses: [{ id: 'a', label: '', colour: 'green', flagged: false }] }],
      fields: [{ id: 'n', label: '', kind: 'number', required: false, constraints: [{ check: { op: 'and', args: [{ op: 'answered', args: [{ ref: 'n' }] }] }, message: '' }] }],
      sections: [{ id: 's', title: '', fields: [], repeat: {} }],
    };
    expect(draftSchema.safeParse({ documentId: '7c0e8a44-2a5d-4a55-9a5a-0a0a0a0a0a0a', contentType: 'form', title: '', description: '', savedAt: 1, definition: half }).success).toBe(true);
    expect(checkDraft(draftOf('form', half)).ok).toBe(false);
  });

  it('new items and steps answer with Pass / Fail / N/A; a new set has two responses; a new form section one field', () => {
    let n = 0;
    const newId = () => `id${++n}`;
    expect(emptyChecklistItem(newId).responses).toBe('pass-fail-na');
    expect(emptyStep(newId).responses).toBe('pass-fail-na');
    expect(newDefinition('checklist', newId).sections[0]?.items[0]?.responses).toBe('pass-fail-na');
    expect(emptyResponseSet(newId).responses).toHaveLength(2);
    expect(emptyFormSection(newId).fields).toHaveLength(1);
  });
});

describe('document files carry everything', () => {
  it.each(['checklist', 'form', 'procedure'] as const)('an exported %s with rules, responses, sections and repeats imports back equal', (contentType) => {
    const exported = JSON.parse(JSON.stringify(toDocumentFile(DOC, versionOf(contentType, DEFS[contentType])))) as unknown;
    const result = parseDocumentFile(exported);
    expect(result.ok ? result.file.definition : result.problems).toEqual(DEFS[contentType]);
  });

  it('an old file without any of the new keys still imports as it was', () => {
    const old = {
      format: 'fieldbook.document',
      formatVersion: 1,
      document: { title: 'Old pre-trip', contentType: 'checklist' },
      definition: { sections: [{ id: 'a', title: 'Cab', items: [{ id: 'horn', label: 'Horn', required: true }] }] },
    };
    const result = parseDocumentFile(old);
    expect(result.ok ? result.file.definition : result.problems).toEqual(old.definition);
  });
});

describe('the live preview of a draft with rules', () => {
  it('keeps response sets, scoring, header fields, sections, repeats and rules that check', () => {
    expect(previewOf('checklist', CHECKLIST)).toEqual({ definition: CHECKLIST });
    expect(previewOf('form', FORM)).toEqual({ definition: FORM });
  });

  it('stands in for an own set’s empty labels and runs a part whose set does not exist as a tick', () => {
    const draft: ChecklistDefinition = {
      responseSets: [{ id: 'mine', label: '', responses: [{ id: 'a', label: '', colour: 'green', flagged: false }, { id: 'b', label: 'B', colour: 'red', flagged: true }] }],
      sections: [{ id: 's', title: 'S', items: [{ id: 'x', label: 'X', required: true, responses: 'gone' }, { id: 'y', label: 'Y', required: true, responses: 'mine' }] }],
    };
    const { definition } = previewOf('checklist', draft);
    const checklist = definition as ChecklistDefinition;
    expect(checklist.responseSets?.[0]?.label).toBe('Response set 1');
    expect(checklist.responseSets?.[0]?.responses[0]?.label).toBe('Response 1');
    expect(checklist.sections[0]?.items.map((i) => i.responses)).toEqual([undefined, 'mine']);
  });
});

describe('what the builders write, the checker accepts', () => {
  const row = (ref: string, test: Test, value?: Literal): ConditionRow => (value === undefined ? { ref, test } : { ref, test, value });
  const when = (...rows: ConditionRow[]) => conditionToExpr({ combine: 'all', rows });

  it('every test on every type of question, every calculation, defaults, checks and rows from a number', () => {
    const form: FormDefinition = {
      fields: [
        { id: 'kind', label: 'Kind', kind: 'select', required: true, options: ['Slip', 'Cut'] },
        { id: 'gear', label: 'Gear', kind: 'multiselect', required: false, options: ['Gloves', 'Boots'] },
        { id: 'hours', label: 'Hours', kind: 'number', required: false },
        { id: 'opened', label: 'Opened', kind: 'date', required: false },
        { id: 'closed', label: 'Closed', kind: 'date', required: false },
        { id: 'note', label: 'Note', kind: 'text', required: false },
        { id: 'ok', label: 'Checked', kind: 'checkbox', required: false },
        {
          id: 'shown',
          label: 'Shown',
          kind: 'text',
          required: false,
          default: { lit: 'n/a' },
          visibleWhen: when(row('kind', 'eq', 'Slip'), row('kind', 'ne', 'Cut'), row('gear', 'contains', 'Gloves'), row('hours', 'gt', 2), row('hours', 'lt', 9), row('opened', 'lt', '2026-01-01'), row('note', 'contains', 'x'), row('ok', 'eq', true), row('note', 'answered'), row('closed', 'notAnswered')),
          requiredWhen: conditionToExpr({ combine: 'any', rows: [row('hours', 'eq', 3), row('note', 'eq', 'y')] }),
        },
        { id: 'people', label: 'People', kind: 'number', required: false, default: { lit: 1 }, constraints: [{ check: when(row('people', 'gt', 0))!, message: 'At least one' }] },
        { id: 'days', label: 'Days open', kind: 'number', required: false, calculate: calculationToExpr({ kind: 'daysBetween', from: 'opened', to: 'closed' }) },
        { id: 'minutes', label: 'Minutes', kind: 'number', required: false, calculate: calculationToExpr({ kind: 'arithmetic', op: 'mul', a: { ref: 'hours' }, b: { lit: 60 } }) },
        { id: 'name', label: 'Name', kind: 'text', required: false, calculate: calculationToExpr({ kind: 'concat', parts: [{ ref: 'kind' }, { lit: ' — ' }, { ref: 'note' }] }) },
        { id: 'due', label: 'Due', kind: 'date', required: false, calculate: calculationToExpr({ kind: 'addDays', from: 'opened', days: { lit: 14 } }) },
        { id: 'due2', label: 'Due later', kind: 'date', required: false, calculate: calculationToExpr({ kind: 'addDays', from: 'opened', days: { ref: 'hours' } }) },
      ],
      sections: [
        { id: 'rows', title: 'Rows', repeat: { countFrom: 'people' }, fields: [{ id: 'lost', label: 'Hours lost', kind: 'number', required: false }, { id: 'why', label: 'Why', kind: 'text', required: false, visibleWhen: when(row('lost', 'gt', 0)) }] },
        {
          id: 'sum',
          title: 'Sum',
          fields: [
            { id: 'total', label: 'Total', kind: 'number', required: false, calculate: calculationToExpr({ kind: 'aggregate', op: 'sum', refs: ['rows.lost'] }) },
            { id: 'most', label: 'Most', kind: 'number', required: false, calculate: calculationToExpr({ kind: 'aggregate', op: 'max', refs: ['hours', 'minutes'] }) },
            { id: 'n', label: 'Rows', kind: 'number', required: false, calculate: calculationToExpr({ kind: 'aggregate', op: 'count', refs: ['rows.why'] }) },
          ],
        },
      ],
    };
    const check = checkDraft(draftOf('form', form));
    expect(check.ok ? [] : check.problems.map((p) => `${p.where}: ${p.message}`)).toEqual([]);
  });

  it('a condition on a response part uses its response ids; on a tick part, done', () => {
    const checklist: ChecklistDefinition = {
      sections: [
        { id: 'a', title: 'A', items: [{ id: 'tyres', label: 'Tyres', required: true, responses: 'pass-fail-na' }, { id: 'horn', label: 'Horn', required: true }] },
        { id: 'b', title: 'B', visibleWhen: when(row('tyres', 'eq', 'fail'), row('horn', 'eq', true)), items: [{ id: 'why', label: 'Why', required: false, requiredWhen: when(row('tyres', 'ne', 'pass')) }] },
      ],
    };
    const check = checkDraft(draftOf('checklist', checklist));
    expect(check.ok ? [] : check.problems.map((p) => `${p.where}: ${p.message}`)).toEqual([]);
  });

  it('the questions offered to a step field include earlier step fields by their full key, and the checker accepts them', () => {
    const procedure: ProcedureDefinition = {
      steps: [
        { id: 's1', title: 'One', required: true, fields: [{ id: 'a', label: 'A', kind: 'number', required: false }] },
        { id: 's2', title: 'Two', required: true, fields: [{ id: 'b', label: 'B', kind: 'number', required: false }] },
      ],
    };
    const refs = questionsBefore('procedure', procedure, 'steps.1.fields.0').map((q) => q.ref);
    expect(refs).toEqual(['s1', 's1.a', 's2']);
    const withRule: ProcedureDefinition = { steps: [procedure.steps[0]!, { ...procedure.steps[1]!, fields: [{ ...procedure.steps[1]!.fields![0]!, visibleWhen: when(row('s1.a', 'gt', 1), row('s1', 'eq', 'pass'), row('s2', 'answered')) }] }] };
    const check = checkDraft(draftOf('procedure', { ...withRule, steps: withRule.steps.map((s) => ({ ...s, responses: 'pass-fail-na' })) }));
    expect(check.ok ? [] : check.problems.map((p) => `${p.where}: ${p.message}`)).toEqual([]);
  });
});

describe('half-made conditions', () => {
  it('a condition whose value is not given yet stops publishing, said at its place, pointing at the rule', () => {
    const form: FormDefinition = {
      fields: [
        { id: 'hours', label: 'Hours', kind: 'number', required: false },
        { id: 'b', label: 'Details', kind: 'text', required: false, visibleWhen: conditionToExpr({ combine: 'all', rows: [{ ref: 'hours', test: 'gt', value: 1 }, { ref: 'hours', test: 'lt' }] }) },
        { id: 'c', label: 'More', kind: 'number', required: false, constraints: [{ check: conditionToExpr({ combine: 'all', rows: [{ ref: 'c', test: 'eq', value: null }] })!, message: 'm' }] },
      ],
    };
    const check = checkDraft(draftOf('form', form));
    expect(check.ok ? [] : check.problems).toEqual([
      { path: 'fields.1.visibleWhen', where: 'Field 2 ‘Details’', message: '“show when”: condition 2 has no value to compare with yet' },
      { path: 'fields.2.constraints.0.check', where: 'Field 3 ‘More’', message: 'check 1: condition 1 has no value to compare with yet' },
    ]);
  });
});

describe('rules that do not check yet', () => {
  const broken: FormDefinition = {
    fields: [
      { id: 'a', label: 'Injured', kind: 'select', required: true, options: ['Yes', 'No'] },
      { id: 'b', label: 'Details', kind: 'text', required: false, visibleWhen: { op: 'and', args: [{ op: 'eq', args: [{ ref: 'hours' }, { lit: 'Yes' }] }] } },
    ],
  };

  it('are named at publish by place and label, pointing at the rule', () => {
    const check = checkDraft(draftOf('form', broken));
    expect(check.ok ? [] : check.problems).toEqual([
      { path: 'fields.1.visibleWhen', where: 'Field 2 ‘Details’', message: '"Show when" of "Details" refers to "hours", which is not a question in this form' },
    ]);
  });

  it('the preview runs without any rule and says why', () => {
    const preview = previewOf('form', broken);
    expect(preview.rulesLeftOut).toMatch(/refers to "hours"/);
    expect((preview.definition as FormDefinition).fields.map((f) => 'visibleWhen' in f)).toEqual([false, false]);
  });
});

describe('a duplicate’s rules name the duplicate’s own parts', () => {
  const counter = () => {
    let n = 0;
    return () => `n${++n}`;
  };
  const when = (ref: string) => ({ op: 'and' as const, args: [{ op: 'answered' as const, args: [{ ref }] }] });

  it('a field’s check on itself, a step’s fields on the step and each other, items on each other; other references stay', () => {
    const field = copyField({ id: 'h', label: 'Hours', kind: 'number', required: false, constraints: [{ check: when('h'), message: 'm' }], visibleWhen: when('other') }, counter());
    expect(field.constraints?.[0]?.check).toEqual(when('n1'));
    expect(field.visibleWhen).toEqual(when('other'));

    const step = copyStep(
      { id: 's', title: 'S', required: true, responses: 'pass-fail-na', visibleWhen: when('before'), fields: [{ id: 'a', label: 'A', kind: 'text', required: false, visibleWhen: when('s') }, { id: 'b', label: 'B', kind: 'text', required: false, visibleWhen: when('s.a') }] },
      counter(),
    );
    expect(step.id).toBe('n1');
    expect(step.visibleWhen).toEqual(when('before'));
    expect(step.fields?.map((f) => [f.id, f.visibleWhen])).toEqual([
      ['n2', when('n1')],
      ['n3', when('n1.n2')],
    ]);

    const section = copySection({ id: 'x', title: 'X', items: [{ id: 'i', label: 'I', required: true }, { id: 'j', label: 'J', required: true, visibleWhen: when('i') }] }, counter());
    expect(section.items.map((i) => [i.id, i.visibleWhen])).toEqual([
      ['n2', undefined],
      ['n3', when('n2')],
    ]);

    const rows = copyFormSection({ id: 'p', title: 'P', repeat: { min: 1 }, fields: [{ id: 'name', label: 'Name', kind: 'text', required: true }, { id: 'why', label: 'Why', kind: 'text', required: false, visibleWhen: when('name') }] }, counter());
    expect(rows.fields.map((f) => [f.id, f.visibleWhen])).toEqual([
      ['n2', undefined],
      ['n3', when('n2')],
    ]);
  });
});
