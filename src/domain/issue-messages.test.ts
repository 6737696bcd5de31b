import { describe, expect, it } from 'vitest';
import { parseDocumentFile } from './authoring';
import { describeProblem } from './issue-messages';

const lines = (input: unknown): string[] => {
  const result = parseDocumentFile(input);
  return result.ok ? [] : result.problems.map(describeProblem);
};

const file = (definition: unknown, document: Record<string, unknown> = { title: 'Entry', contentType: 'procedure' }) => ({
  format: 'fieldbook.document',
  formatVersion: 1,
  document,
  definition,
});

describe('problems in words', () => {
  it('names the place by position and label, and says what is wrong without zod text', () => {
    const out = lines(
      file({
        steps: [
          { id: 's1', title: 'Open', required: true },
          { id: 's2', title: 'Check', required: true },
          {
            id: 's3',
            title: 'Gas test',
            required: true,
            fields: [
              { id: 'a', label: 'Depth', kind: 'number', required: false },
              { id: 'o2', label: '', kind: 'number', required: true },
              { id: 'x', label: 'Oxygen', kind: 'percent', required: true },
            ],
          },
        ],
      }),
    );
    expect(out).toEqual([
      'Step 3 ‘Gas test’ › Field 2: the label is empty',
      'Step 3 ‘Gas test’ › Field 3 ‘Oxygen’: the kind must be one of text, textarea, number, date, select, multiselect, checkbox, photo, file, signature, location',
    ]);
    for (const line of out) expect(line).not.toMatch(/Too small|Invalid option|expected one of|>=/);
  });

  it('turns missing values, wrong types, long text, empty lists and bad ids into sentences', () => {
    expect(lines(file({ steps: [] }))).toEqual(['File: add at least one step']);
    expect(lines(file({ fields: [{ id: 'a b', label: 'Name', kind: 'text', required: 'yes' }] }, { title: 'x'.repeat(201), contentType: 'form' }))).toEqual([
      'File: the title is too long (at most 200 characters)',
      'Field 1 ‘Name’: the id may use letters, digits, _ and - only',
      'Field 1 ‘Name’: “required” must be true or false',
    ]);
    expect(lines({ format: 'fieldbook.document', formatVersion: 2, document: { title: 'T', contentType: 'memo' } })).toEqual([
      'File: the format version must be “1”',
      'File: the type must be one of procedure, checklist, form',
      'File: the content is missing',
    ]);
  });

  it('names response sets and their responses, form sections and their fields, and repeat settings', () => {
    const out = lines(
      file(
        {
          responseSets: [{ id: 'ok', label: 'OK / Broken', responses: [{ id: 'ok', label: '', colour: 'green', flagged: false }, { id: 'b', label: 'Broken', colour: 'pink', flagged: true, score: 101 }] }],
          fields: [],
          sections: [
            { id: 'a', title: 'Site', fields: [{ id: 'x', label: 'Where', kind: 'text', required: true }] },
            { id: 'b', title: 'Injuries', repeat: { min: -1, addLabel: '' }, fields: [{ id: 'h', label: 'Hours lost', kind: 'number', required: 'no' }] },
          ],
          titleTemplate: 'x'.repeat(201),
        },
        { title: 'Incident', contentType: 'form' },
      ),
    );
    expect(out).toEqual([
      'Section 2 ‘Injuries’ › Field 1 ‘Hours lost’: “required” must be true or false',
      'Section 2 ‘Injuries’ › Repeat: the minimum must be at least 0',
      'Section 2 ‘Injuries’ › Repeat: the add button’s label is empty',
      'Response set 1 ‘OK / Broken’ › Response 1: the label is empty',
      'Response set 1 ‘OK / Broken’ › Response 2 ‘Broken’: the colour must be one of green, red, amber, grey, blue',
      'Response set 1 ‘OK / Broken’ › Response 2 ‘Broken’: the score must be at most 100',
      'File: the run name is too long (at most 200 characters)',
    ]);
  });

  it('says a rule that cannot be read is one problem at the rule, not at a node deep inside it', () => {
    const result = parseDocumentFile(
      file(
        {
          fields: [
            { id: 'a', label: 'Injured', kind: 'select', required: true, options: ['Yes', 'No'] },
            { id: 'b', label: 'Details', kind: 'text', required: false, visibleWhen: { op: 'and', args: [{ op: 'equals', args: [] }] } },
            { id: 'c', label: 'Hours', kind: 'number', required: false, constraints: [{ check: { nope: 1 }, message: '' }] },
          ],
        },
        { title: 'Incident', contentType: 'form' },
      ),
    );
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => p.path)).toEqual(['definition.fields.1.visibleWhen', 'definition.fields.2.constraints.0.check', 'definition.fields.2.constraints.0.message']);
    expect(problems.map(describeProblem)).toEqual([
      'Field 2 ‘Details’: the “show when” rule cannot be read: remove it and build it again',
      'Field 3 ‘Hours’ › Constraint 1: the rule cannot be read: remove it and build it again',
      'Field 3 ‘Hours’ › Constraint 1: the message is empty',
    ]);
  });

  it('names an item’s response set and the note and weight settings', () => {
    const out = lines(
      file(
        { sections: [{ id: 's', title: 'Cab', items: [{ id: 'i', label: 'Tyres', required: true, responses: 'nope', noteWhenFlagged: 'always', weight: -1 }] }] },
        { title: 'Pre-trip', contentType: 'checklist' },
      ),
    );
    expect(out).toEqual([
      'Section 1 ‘Cab’ › Item 1 ‘Tyres’: the note when flagged must be one of optional, required',
      'Section 1 ‘Cab’ › Item 1 ‘Tyres’: the weight must be at least 0',
    ]);
  });
});
