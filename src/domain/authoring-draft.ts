import { z } from 'zod';
import { checklistDefinitionSchema, formDefinitionSchema, procedureDefinitionSchema } from './definition';
import type { ContentType } from './definition';
import type { ContentDocument, DocumentVersion } from './document';
import { documentIdSchema, timestampSchema, versionIdSchema } from './ids';
import { newDefinition } from './authoring-new-parts';
import type { NewId } from './list-editing';

/**
 * What an admin edits: the document's words and a definition that may not be valid yet (an
 * empty label, a select without options, two parts with one id). Its TypeScript shape is the
 * definition's, and so is its schema: each definition schema with its checks taken off, so a
 * half-finished draft still loads, and a key added to a definition is in the draft at once.
 */

/**
 * `schema` without its checks: every string any string, every list any length, and the
 * object-level rules (unique ids, options needed, min <= max) gone; the keys, their
 * optionality, the enums (field kinds, limits), numbers and booleans stay exactly as they are.
 * The output type is the schema's own: checks never change a type. A kind of schema not
 * listed here is kept as it is (strict), which the draft test would show.
 */
export function withoutChecks<T extends z.ZodType>(schema: T): z.ZodType<z.output<T>, z.input<T>> {
  return loosen(schema) as z.ZodType<z.output<T>, z.input<T>>;
}

function loosen(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodOptional) return loosen(schema.unwrap() as z.ZodType).optional();
  if (schema instanceof z.ZodString) return z.string();
  if (schema instanceof z.ZodArray) return z.array(loosen(schema.element as z.ZodType));
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodType>;
    return z.object(Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, loosen(value)])));
  }
  return schema;
}

/** The draft definition of each content type, derived from the definition schema (`definitionSchemaFor`). */
export const draftDefinitionSchemaFor = {
  procedure: withoutChecks(procedureDefinitionSchema),
  checklist: withoutChecks(checklistDefinitionSchema),
  form: withoutChecks(formDefinitionSchema),
} as const;

const draftBase = {
  documentId: documentIdSchema,
  title: z.string(),
  description: z.string(),
  /** The version the draft started from; absent for a document never published. */
  baseVersionId: versionIdSchema.optional(),
  savedAt: timestampSchema,
};

export const draftSchema = z.discriminatedUnion('contentType', [
  z.object({ ...draftBase, contentType: z.literal('procedure'), definition: draftDefinitionSchemaFor.procedure }),
  z.object({ ...draftBase, contentType: z.literal('checklist'), definition: draftDefinitionSchemaFor.checklist }),
  z.object({ ...draftBase, contentType: z.literal('form'), definition: draftDefinitionSchemaFor.form }),
]);
export type Draft = z.infer<typeof draftSchema>;
export type DraftOf<T extends ContentType> = Extract<Draft, { contentType: T }>;

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
