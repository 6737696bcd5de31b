import { describe, expect, it } from 'vitest';
import {
  checkDraft,
  copySection,
  copyStep,
  describeImportProblems,
  describeLocation,
  draftFromVersion,
  draftSchema,
  duplicateItem,
  emptyField,
  insertItem,
  moveItem,
  newDefinition,
  newDraft,
  parseDocumentFile,
  parseDocumentFileText,
  previewDefinition,
  removeItem,
  tidyDefinition,
  toDocumentFile,
} from './authoring';
import type { Draft } from './authoring';
import { CONTENT_TYPES, definitionSchemaFor } from './definition';
import type { Step } from './definition';
import type { ContentDocument, DocumentVersion } from './document';
import type { DocumentId, UserId, VersionId } from './ids';

const DOC_ID = '11111111-1111-4111-8111-111111111111';
const counter = () => {
  let n = 0;
  return () => `id${++n}`;
};

const formDraft = (definition: unknown, title = 'Site visit'): Draft =>
  draftSchema.parse({ documentId: DOC_ID, contentType: 'form', title, description: '', definition, savedAt: 1 });

describe('describeLocation', () => {
  it('names list elements by their 1-based position and keys in words', () => {
    expect(describeLocation(['steps', 2, 'fields', 1, 'options'])).toBe('Step 3 › Field 2 › Options');
    expect(describeLocation(['sections', 0, 'items', 4, 'label'])).toBe('Section 1 › Item 5 › Label');
    expect(describeLocation(['definition', 'fields', 0, 'options', 1])).toBe('Field 1 › Option 2');
    expect(describeLocation(['document', 'title'])).toBe('Title');
    expect(describeLocation(['steps'])).toBe('Steps');
    expect(describeLocation([])).toBe('Document');
  });
});

describe('new drafts', () => {
  it('start with one empty part of their type, which is not publishable yet', () => {
    for (const contentType of CONTENT_TYPES) {
      const draft = newDraft(contentType, DOC_ID, counter(), 5);
      expect(draft.contentType).toBe(contentType);
      const check = checkDraft(draft);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.problems.map((p) => p.path)).toContain('title');
    }
    expect(newDefinition('form', counter())).toEqual({ fields: [{ id: 'id1', label: '', kind: 'text', required: false }] });
  });
});

describe('checkDraft (publish validation)', () => {
  it('accepts a good form and tidies it: trimmed words, blank option lines and empty patterns dropped', () => {
    const check = checkDraft(
      formDraft({
        fields: [
          { id: 'a', label: ' Name ', kind: 'text', required: true, pattern: '' },
          { id: 'b', label: 'Kind', kind: 'select', required: false, options: ['one', '', ' two '] },
          { id: 'c', label: 'Count', kind: 'number', required: false, min: 0, max: 10 },
        ],
      }),
    );
    expect(check).toEqual({
      ok: true,
      meta: { title: 'Site visit', contentType: 'form' },
      definition: {
        fields: [
          { id: 'a', label: 'Name', kind: 'text', required: true },
          { id: 'b', label: 'Kind', kind: 'select', required: false, options: ['one', 'two'] },
          { id: 'c', label: 'Count', kind: 'number', required: false, min: 0, max: 10 },
        ],
      },
    });
  });

  it('accepts a good procedure with inputs on a step and a good checklist', () => {
    const procedure = draftSchema.parse({
      documentId: DOC_ID,
      contentType: 'procedure',
      title: 'Isolate',
      description: 'Before work',
      savedAt: 1,
      definition: { steps: [{ id: 's1', title: 'Lock', body: 'Lock it', required: true, fields: [{ id: 'n', label: 'Lock no.', kind: 'number', required: true }] }] },
    });
    const ok = checkDraft(procedure);
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(ok.meta.description).toBe('Before work');
    const checklist = draftSchema.parse({
      documentId: DOC_ID,
      contentType: 'checklist',
      title: 'Walk-around',
      description: '',
      savedAt: 1,
      definition: { sections: [{ id: 's', title: 'Outside', items: [{ id: 'i', label: 'Tyres', required: true }] }] },
    });
    expect(checkDraft(checklist).ok).toBe(true);
  });

  it('lists every problem with where it is', () => {
    const check = checkDraft(
      formDraft(
        {
          fields: [
            { id: 'a', label: '', kind: 'text', required: true, pattern: '([a-z' },
            { id: 'b', label: 'Kind', kind: 'select', required: false, options: [''] },
            { id: 'c', label: 'Count', kind: 'number', required: false, min: 9, max: 1 },
          ],
        },
        '  ',
      ),
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems.map((p) => `${p.where}: ${p.message}`)).toEqual([
      'Document: the title is empty',
      'Field 1: the label is empty',
      'Field 1: the pattern is not a valid regular expression',
      'Field 2 ‘Kind’: a select field needs at least one option',
      'Field 3 ‘Count’: the minimum must not be more than the maximum',
    ]);
    expect(check.problems.map((p) => p.path)).toEqual(['title', 'fields.0.label', 'fields.0.pattern', 'fields.1.options', 'fields.2.min']);
  });

  it('refuses an empty list and a step-level problem in a procedure', () => {
    const procedure = draftSchema.parse({
      documentId: DOC_ID,
      contentType: 'procedure',
      title: 'P',
      description: '',
      savedAt: 1,
      definition: { steps: [{ id: 's1', title: 'A', required: true, fields: [{ id: 'x', label: 'Pick', kind: 'multiselect', required: false }] }] },
    });
    const check = checkDraft(procedure);
    expect(check.ok ? [] : check.problems.map((p) => `${p.where}: ${p.message}`)).toEqual(['Step 1 ‘A’ › Field 1 ‘Pick’: a multiselect field needs at least one option']);
    const empty = checkDraft(formDraft({ fields: [] }));
    expect(empty.ok ? [] : empty.problems.map((p) => `${p.where}: ${p.message}`)).toEqual(['Document: add at least one field']);
  });
});

describe('tidyDefinition', () => {
  it('keeps a hard limit only on a number with a range, and pattern words only with a pattern', () => {
    const tidy = tidyDefinition('form', {
      fields: [
        { id: 'o2', label: 'Oxygen', kind: 'number', required: true, min: 19.5, max: 23.5, limits: 'block' },
        { id: 'n', label: 'Count', kind: 'number', required: false, limits: 'block' },
        { id: 'w', label: 'Warn', kind: 'number', required: false, min: 1, limits: 'warn' },
        { id: 'p', label: 'Plate', kind: 'text', required: false, pattern: 'CV-[0-9]+', patternMessage: ' Use CV- and digits ', patternExample: 'CV-12' },
        { id: 'q', label: 'Free', kind: 'text', required: false, patternMessage: 'orphan', patternExample: 'orphan' },
      ],
    });
    expect(tidy).toEqual({
      fields: [
        { id: 'o2', label: 'Oxygen', kind: 'number', required: true, min: 19.5, max: 23.5, limits: 'block' },
        { id: 'n', label: 'Count', kind: 'number', required: false },
        { id: 'w', label: 'Warn', kind: 'number', required: false, min: 1 },
        { id: 'p', label: 'Plate', kind: 'text', required: false, pattern: 'CV-[0-9]+', patternMessage: 'Use CV- and digits', patternExample: 'CV-12' },
        { id: 'q', label: 'Free', kind: 'text', required: false },
      ],
    });
  });
});

describe('previewDefinition', () => {
  it('stands in for empty words and leaves out what the runner cannot use', () => {
    const preview = previewDefinition('form', {
      fields: [
        { id: 'a', label: '', kind: 'text', required: false, pattern: '([' },
        { id: 'b', label: 'Pick', kind: 'select', required: false, options: ['x', 'x', ''] },
      ],
    });
    expect(preview).toEqual({
      fields: [
        { id: 'a', label: 'Field 1 (no label yet)', kind: 'text', required: false },
        { id: 'b', label: 'Pick', kind: 'select', required: false, options: ['x'] },
      ],
    });
  });

  it('drops settings a field kind does not use when publishing', () => {
    const check = checkDraft(formDraft({ fields: [{ id: 'a', label: 'When', kind: 'date', required: false, pattern: 'x+', min: 1, options: ['a'] }] }));
    expect(check.ok && check.definition).toEqual({ fields: [{ id: 'a', label: 'When', kind: 'date', required: false }] });
  });
});

describe('list editing', () => {
  const list = ['a', 'b', 'c', 'd'];

  it('moves an element up, down and to the ends, clamped', () => {
    expect(moveItem(list, 2, 1)).toEqual(['a', 'c', 'b', 'd']);
    expect(moveItem(list, 0, 1)).toEqual(['b', 'a', 'c', 'd']);
    expect(moveItem(list, 3, -5)).toEqual(['d', 'a', 'b', 'c']);
    expect(moveItem(list, 0, 99)).toEqual(['b', 'c', 'd', 'a']);
    expect(moveItem(list, 0, 0)).toEqual(list);
    expect(list).toEqual(['a', 'b', 'c', 'd']);
  });

  it('deletes an element and undo puts it back where it was', () => {
    const { list: without, removed } = removeItem(list, 1);
    expect(without).toEqual(['a', 'c', 'd']);
    expect(removed).toBe('b');
    expect(insertItem(without, 1, 'b')).toEqual(list);
  });

  it('duplicates a step or section with fresh ids throughout', () => {
    const newId = counter();
    const steps: Step[] = [{ id: 's1', title: 'A', required: true, fields: [emptyField(() => 'f1')] }];
    const [original, copy] = duplicateItem(steps, 0, (s) => copyStep(s, newId));
    expect(copy).toEqual({ id: 'id1', title: 'A', required: true, fields: [{ id: 'id2', label: '', kind: 'text', required: false }] });
    expect(original).toBe(steps[0]);
    const sections = [{ id: 'x', title: 'S', items: [{ id: 'i1', label: 'L', required: true }] }];
    const [, sectionCopy] = duplicateItem(sections, 0, (s) => copySection(s, newId));
    expect(sectionCopy?.id).toBe('id3');
    expect(sectionCopy?.items.map((i) => i.id)).toEqual(['id4']);
    // A duplicated checklist section is still a valid checklist: item ids stay unique.
    const result = definitionSchemaFor.checklist.safeParse({ sections: [sections[0], sectionCopy] });
    expect(result.success).toBe(true);
  });
});

describe('document files (export / import)', () => {
  const document: ContentDocument = {
    id: DOC_ID as DocumentId,
    title: 'Site visit',
    contentType: 'form',
    description: 'Every visit',
    currentVersionId: '22222222-2222-4222-8222-222222222222' as VersionId,
    createdBy: '33333333-3333-4333-8333-333333333333' as UserId,
    createdAt: 1,
    updatedAt: 1,
  };
  const version: DocumentVersion = {
    id: document.currentVersionId,
    documentId: document.id,
    version: 3,
    contentType: 'form',
    definition: { fields: [{ id: 'a', label: 'Name', kind: 'text', required: true }] },
    publishedAt: 1,
    publishedBy: document.createdBy,
  };

  it('round-trips an exported document through JSON', () => {
    const file = toDocumentFile(document, version);
    expect(file).toEqual({
      format: 'fieldbook.document',
      formatVersion: 1,
      document: { title: 'Site visit', contentType: 'form', description: 'Every visit' },
      definition: version.definition,
    });
    expect(parseDocumentFileText(JSON.stringify(file))).toEqual({ ok: true, file });
  });

  it('a draft made from a version carries its content and base version', () => {
    const draft = draftFromVersion(document, version, 9);
    expect(draft).toMatchObject({ documentId: DOC_ID, title: 'Site visit', description: 'Every visit', baseVersionId: version.id, definition: version.definition });
    expect(draftSchema.safeParse(draft).success).toBe(true);
  });

  it('reports every problem of a bad file by path, envelope and definition together', () => {
    const result = parseDocumentFile({
      format: 'something-else',
      formatVersion: 1,
      document: { title: '', contentType: 'form' },
      definition: {
        fields: [
          { id: 'a', label: 'Kind', kind: 'select', required: true },
          { id: 'b', label: 'When', kind: 'time', required: false },
          { id: 'a', label: 'Again', kind: 'text', required: 'yes' },
        ],
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = describeImportProblems(result.problems);
    expect(lines.map((l) => l.slice(0, l.indexOf(':')))).toEqual([
      'format',
      'document.title',
      'definition.fields.0.options',
      'definition.fields.1.kind',
      'definition.fields.2.required',
    ]);
    expect(lines).toContain('definition.fields.0.options: a select field needs at least one option');
  });

  it('reports the duplicate ids of an otherwise well-formed definition', () => {
    const result = parseDocumentFile({
      format: 'fieldbook.document',
      formatVersion: 1,
      document: { title: 'T', contentType: 'form' },
      definition: { fields: [emptyField(() => 'a'), emptyField(() => 'a')].map((f) => ({ ...f, label: 'L' })) },
    });
    expect(result.ok ? [] : describeImportProblems(result.problems)).toEqual(['definition.fields.1.id: duplicate field id "a"']);
  });

  it('checks the definition against the type the file declares', () => {
    const result = parseDocumentFile({ format: 'fieldbook.document', formatVersion: 1, document: { title: 'T', contentType: 'checklist' }, definition: version.definition });
    expect(result.ok ? [] : describeImportProblems(result.problems)).toEqual([expect.stringMatching(/^definition\.sections: /)]);
  });

  it('reports an unknown content type and a missing definition', () => {
    const result = parseDocumentFile({ format: 'fieldbook.document', formatVersion: 2, document: { title: 'T', contentType: 'memo' } });
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual(['formatVersion', 'document.contentType', 'definition']);
  });

  it('turns text that is not JSON into one problem at the root', () => {
    const result = parseDocumentFileText('{"format": ');
    expect(result.ok ? [] : describeImportProblems(result.problems)).toEqual([expect.stringMatching(/^\(root\): not valid JSON/)]);
  });
});
