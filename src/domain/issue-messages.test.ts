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
      'Step 3 ‘Gas test’ › Field 3 ‘Oxygen’: the kind must be one of text, textarea, number, date, select, multiselect, checkbox',
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
});
