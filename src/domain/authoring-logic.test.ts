import { describe, expect, it } from 'vitest';
import { checkDraft, draftSchema, emptyChecklistItem, emptyFormSection, emptyResponseSet, emptyStep, newDefinition, parseDocumentFile, previewOf, toDocumentFile } from './authoring';
import type { Draft } from './authoring';
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
