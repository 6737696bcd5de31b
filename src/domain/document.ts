import { z } from 'zod';
import { contentTypeSchema, checklistDefinitionSchema, formDefinitionSchema, procedureDefinitionSchema } from './definition';
import { documentIdSchema, timestampSchema, userIdSchema, versionIdSchema } from './ids';

export const contentDocumentSchema = z.object({
  id: documentIdSchema,
  title: z.string().min(1).max(200),
  contentType: contentTypeSchema,
  description: z.string().max(2000).optional(),
  currentVersionId: versionIdSchema,
  createdBy: userIdSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  archivedAt: timestampSchema.optional(),
});
export type ContentDocument = z.infer<typeof contentDocumentSchema>;

const versionBase = {
  id: versionIdSchema,
  documentId: documentIdSchema,
  version: z.number().int().positive(),
  publishedAt: timestampSchema,
  publishedBy: userIdSchema,
};

/** Immutable once published; an instance pins the version it started from. */
export const documentVersionSchema = z.discriminatedUnion('contentType', [
  z.object({ ...versionBase, contentType: z.literal('procedure'), definition: procedureDefinitionSchema }),
  z.object({ ...versionBase, contentType: z.literal('checklist'), definition: checklistDefinitionSchema }),
  z.object({ ...versionBase, contentType: z.literal('form'), definition: formDefinitionSchema }),
]);
export type DocumentVersion = z.infer<typeof documentVersionSchema>;
