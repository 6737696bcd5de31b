import { z } from 'zod';
import { contentTypeSchema, definitionSchemaFor } from './definition';
import type { ChecklistItem, ChecklistSection, ContentType, Definition, DefinitionFor, Step } from './definition';
import { contentDocumentSchema } from './document';
import type { ContentDocument, DocumentVersion } from './document';
import { FIELD_KINDS, FIELD_LIMITS } from './field';
import type { Field, FieldKind } from './field';
import { documentIdSchema, timestampSchema, versionIdSchema } from './ids';
import { problemsOf } from './issue-messages';
import type { AuthoringProblem } from './issue-messages';
import type { NewId } from './list-editing';

// List editing of a draft (move, remove, insert, duplicate with fresh ids) lives beside this file.
export * from './list-editing';

/**
 * Authoring: drafts an admin edits, the checks before a draft becomes an immutable version,
 * and the JSON file a document is exported to and imported from. Pure: ids come from the caller.
 */

// Problems and their words (zod issues to sentences with a place) live beside this file.
export { describeLocation, describeProblem, problemsOf } from './issue-messages';
export type { AuthoringProblem } from './issue-messages';

// ---------------------------------------------------------------- drafts

/**
 * What an admin edits: the document's words and a definition that may not be valid yet (an
 * empty label, a select without options). Its TypeScript shape is the definition's; the
 * schema below checks only the shape, so a half-finished draft still loads.
 */
const draftFieldSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(FIELD_KINDS),
  required: z.boolean(),
  min: z.number().optional(),
  max: z.number().optional(),
  pattern: z.string().optional(),
  patternMessage: z.string().optional(),
  patternExample: z.string().optional(),
  limits: z.enum(FIELD_LIMITS).optional(),
  options: z.array(z.string()).optional(),
  help: z.string().optional(),
});
const draftStepSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string().optional(),
  required: z.boolean(),
  fields: z.array(draftFieldSchema).optional(),
});
const draftItemSchema = z.object({ id: z.string(), label: z.string(), required: z.boolean() });
const draftSectionSchema = z.object({ id: z.string(), title: z.string(), items: z.array(draftItemSchema) });

const draftBase = {
  documentId: documentIdSchema,
  title: z.string(),
  description: z.string(),
  /** The version the draft started from; absent for a document never published. */
  baseVersionId: versionIdSchema.optional(),
  savedAt: timestampSchema,
};

export const draftSchema = z.discriminatedUnion('contentType', [
  z.object({ ...draftBase, contentType: z.literal('procedure'), definition: z.object({ steps: z.array(draftStepSchema) }) }),
  z.object({ ...draftBase, contentType: z.literal('checklist'), definition: z.object({ sections: z.array(draftSectionSchema) }) }),
  z.object({ ...draftBase, contentType: z.literal('form'), definition: z.object({ fields: z.array(draftFieldSchema) }) }),
]);
export type Draft = z.infer<typeof draftSchema>;
export type DraftOf<T extends ContentType> = Extract<Draft, { contentType: T }>;

export function emptyField(newId: NewId, kind: FieldKind = 'text'): Field {
  return { id: newId(), label: '', kind, required: false };
}
export function emptyStep(newId: NewId): Step {
  return { id: newId(), title: '', required: true };
}
export function emptyChecklistItem(newId: NewId): ChecklistItem {
  return { id: newId(), label: '', required: true };
}
export function emptySection(newId: NewId): ChecklistSection {
  return { id: newId(), title: '', items: [emptyChecklistItem(newId)] };
}

/** A new document's starting content: one empty step, section (with one item) or field. */
export function newDefinition<T extends ContentType>(contentType: T, newId: NewId): DefinitionFor<T>;
export function newDefinition(contentType: ContentType, newId: NewId): Definition {
  switch (contentType) {
    case 'procedure':
      return { steps: [emptyStep(newId)] };
    case 'checklist':
      return { sections: [emptySection(newId)] };
    case 'form':
      return { fields: [emptyField(newId)] };
  }
}

/** A draft of a document never published. */
export function newDraft(contentType: ContentType, documentId: string, newId: NewId, now: number): Draft {
  return draftSchema.parse({ documentId, contentType, title: '', description: '', definition: newDefinition(contentType, newId), savedAt: now });
}

/** A draft that starts from a published version (the document's current one). */
export function draftFromVersion(document: ContentDocument, version: DocumentVersion, now: number): Draft {
  return {
    documentId: document.id,
    contentType: version.contentType,
    title: document.title,
    description: document.description ?? '',
    baseVersionId: version.id,
    savedAt: now,
    definition: structuredClone(version.definition),
  } as Draft;
}

// ---------------------------------------------------------------- validation

/** The document's own words, checked like the stored document. */
const documentMetaSchema = z.object({
  title: contentDocumentSchema.shape.title,
  contentType: contentTypeSchema,
  description: contentDocumentSchema.shape.description,
});
export type DocumentMeta = z.infer<typeof documentMetaSchema>;

/**
 * Tidy what the editor holds the way a person means it: surrounding blanks are not content,
 * an empty optional text is absent, blank option lines are no options.
 */
function tidyField(field: Field): Field {
  const out: Field = { id: field.id, label: field.label.trim(), kind: field.kind, required: field.required };
  const uses = FIELD_KIND_SETTINGS[field.kind];
  if (uses.minMax && field.min !== undefined && Number.isFinite(field.min)) out.min = field.min;
  if (uses.minMax && field.max !== undefined && Number.isFinite(field.max)) out.max = field.max;
  if (uses.pattern && field.pattern !== undefined && field.pattern !== '') {
    out.pattern = field.pattern;
    const message = field.patternMessage?.trim();
    const example = field.patternExample?.trim();
    if (message) out.patternMessage = message;
    if (example) out.patternExample = example;
  }
  // Only numbers have a value range to block; `warn` is the default and is left out.
  if (field.kind === 'number' && field.limits === 'block' && (out.min !== undefined || out.max !== undefined)) out.limits = 'block';
  if (field.help !== undefined && field.help.trim() !== '') out.help = field.help.trim();
  if (uses.options) out.options = (field.options ?? []).map((o) => o.trim()).filter((o) => o !== '');
  return out;
}

/**
 * Which settings each field kind uses (answers.ts): min/max bound a number's value, a text's
 * length and how many choices a multiselect takes; a pattern applies to text; options to the
 * choice kinds. Settings a kind does not use are dropped when publishing (a field switched
 * from text to date leaves no stale pattern behind).
 */
export const FIELD_KIND_SETTINGS: Record<FieldKind, { readonly minMax: boolean; readonly pattern: boolean; readonly options: boolean }> = {
  text: { minMax: true, pattern: true, options: false },
  textarea: { minMax: true, pattern: true, options: false },
  number: { minMax: true, pattern: false, options: false },
  date: { minMax: false, pattern: false, options: false },
  select: { minMax: false, pattern: false, options: true },
  multiselect: { minMax: true, pattern: false, options: true },
  checkbox: { minMax: false, pattern: false, options: false },
};

const isRegExp = (pattern: string): boolean => {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
};

/**
 * What the live preview runs while a draft is still unfinished: the tidied definition with
 * stand-in words for empty titles and labels, unusable patterns and repeated options left
 * out, so the real runner can render every part as the crew would see it.
 */
export function previewDefinition(contentType: ContentType, definition: Definition): Definition {
  const field = (f: Field, i: number): Field => {
    const out = { ...f, label: f.label || `Field ${i + 1} (no label yet)` };
    if (out.pattern !== undefined && !isRegExp(out.pattern)) delete out.pattern;
    if (out.options !== undefined) out.options = [...new Set(out.options)];
    return out;
  };
  const tidy = tidyDefinition(contentType, definition);
  switch (contentType) {
    case 'procedure':
      return {
        steps: (tidy as DefinitionFor<'procedure'>).steps.map((s, i) => {
          const step: Step = { ...s, title: s.title || `Step ${i + 1} (no title yet)` };
          if (s.fields !== undefined) step.fields = s.fields.map(field);
          return step;
        }),
      };
    case 'checklist':
      return {
        sections: (tidy as DefinitionFor<'checklist'>).sections.map((s, i) => ({
          ...s,
          title: s.title || `Section ${i + 1} (no title yet)`,
          items: s.items.map((item, j) => ({ ...item, label: item.label || `Item ${j + 1} (no label yet)` })),
        })),
      };
    case 'form':
      return { fields: (tidy as DefinitionFor<'form'>).fields.map(field) };
  }
}

export function tidyDefinition(contentType: ContentType, definition: Definition): Definition {
  switch (contentType) {
    case 'procedure': {
      const { steps } = definition as DefinitionFor<'procedure'>;
      return {
        steps: steps.map((s) => {
          const step: Step = { id: s.id, title: s.title.trim(), required: s.required };
          if (s.body !== undefined && s.body.trim() !== '') step.body = s.body.trim();
          if (s.fields !== undefined && s.fields.length > 0) step.fields = s.fields.map(tidyField);
          return step;
        }),
      };
    }
    case 'checklist': {
      const { sections } = definition as DefinitionFor<'checklist'>;
      return {
        sections: sections.map((s) => ({ id: s.id, title: s.title.trim(), items: s.items.map((i) => ({ id: i.id, label: i.label.trim(), required: i.required })) })),
      };
    }
    case 'form':
      return { fields: (definition as DefinitionFor<'form'>).fields.map(tidyField) };
  }
}

export type PublishCheck =
  | { readonly ok: true; readonly meta: DocumentMeta; readonly definition: Definition }
  | { readonly ok: false; readonly problems: AuthoringProblem[] };

/**
 * Everything that stops a draft from being published, each problem with its place: the title
 * and description (paths `title`, `description`) and the definition against the content
 * type's schema (paths as in the definition, e.g. `steps.2.fields.1.options`).
 */
export function checkDraft(draft: Draft): PublishCheck {
  const description = draft.description.trim();
  const metaInput = { title: draft.title.trim(), contentType: draft.contentType, ...(description === '' ? {} : { description }) };
  const meta = documentMetaSchema.safeParse(metaInput);
  const tidy = tidyDefinition(draft.contentType, draft.definition);
  const definition = definitionSchemaFor[draft.contentType].safeParse(tidy);
  const problems = [
    ...(meta.success ? [] : problemsOf(meta.error, { root: metaInput })),
    ...(definition.success ? [] : problemsOf(definition.error, { root: tidy })),
  ];
  if (!meta.success || !definition.success) return { ok: false, problems };
  return { ok: true, meta: meta.data, definition: definition.data };
}

// ---------------------------------------------------------------- export / import

export const DOCUMENT_FILE_FORMAT = 'fieldbook.document';
export const DOCUMENT_FILE_FORMAT_VERSION = 1;

const documentFileEnvelopeSchema = z.object({
  format: z.literal(DOCUMENT_FILE_FORMAT),
  formatVersion: z.literal(DOCUMENT_FILE_FORMAT_VERSION),
  document: documentMetaSchema,
  definition: z.unknown(),
});

/** The exported JSON of one document: its words and the definition of one version. */
export type DocumentFile = {
  format: typeof DOCUMENT_FILE_FORMAT;
  formatVersion: typeof DOCUMENT_FILE_FORMAT_VERSION;
  document: DocumentMeta;
  definition: Definition;
};

/** The file for a document at `version` (normally its current one). */
export function toDocumentFile(document: ContentDocument, version: DocumentVersion): DocumentFile {
  return {
    format: DOCUMENT_FILE_FORMAT,
    formatVersion: DOCUMENT_FILE_FORMAT_VERSION,
    document: {
      title: document.title,
      contentType: version.contentType,
      ...(document.description !== undefined ? { description: document.description } : {}),
    },
    definition: version.definition,
  };
}

export type DocumentFileResult = { readonly ok: true; readonly file: DocumentFile } | { readonly ok: false; readonly problems: AuthoringProblem[] };

/**
 * Check an untrusted value as a document file and report EVERY problem, not the first: the
 * envelope, and (once the content type is known) the definition against that type's schema,
 * even when the envelope has problems of its own.
 */
export function parseDocumentFile(input: unknown): DocumentFileResult {
  const envelope = documentFileEnvelopeSchema.safeParse(input);
  const problems = envelope.success ? [] : problemsOf(envelope.error, { root: input, rootName: 'File' });
  const rawType = typeof input === 'object' && input !== null && 'document' in input ? (input.document as { contentType?: unknown } | null)?.contentType : undefined;
  const contentType = contentTypeSchema.safeParse(rawType);
  const rawDefinition = typeof input === 'object' && input !== null && 'definition' in input ? input.definition : undefined;
  if (contentType.success) {
    const definition = definitionSchemaFor[contentType.data].safeParse(rawDefinition);
    if (!definition.success) problems.push(...problemsOf(definition.error, { prefix: ['definition'], root: input, rootName: 'File' }));
    else if (envelope.success) return { ok: true, file: { ...envelope.data, definition: definition.data } };
  }
  return { ok: false, problems };
}

/** Parse the text of a file: bad JSON is one problem at the root. */
export function parseDocumentFileText(text: string): DocumentFileResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unreadable';
    return { ok: false, problems: [{ path: '(root)', where: 'File', message: `not valid JSON (${reason})` }] };
  }
  return parseDocumentFile(json);
}

/** Every problem as `path: message`, one per line of a report. */
export function describeImportProblems(problems: readonly AuthoringProblem[]): string[] {
  return problems.map((p) => `${p.path}: ${p.message}`);
}
