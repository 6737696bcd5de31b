import type { z } from 'zod';
import type { contentDocumentSchema, documentVersionSchema } from '../../../src/domain';
import { SEEDED_AT, SYSTEM_USER_ID } from './seed-ids';

/** A seed document and its version 1, as plain input to the domain schemas. */
export interface SeedEntry {
  readonly document: z.input<typeof contentDocumentSchema>;
  readonly version: z.input<typeof documentVersionSchema>;
}

type Definition<T> = Extract<z.input<typeof documentVersionSchema>, { contentType: T }>['definition'];

/** Build a published document whose current version is version 1. */
export function seedEntry<T extends 'procedure' | 'checklist' | 'form'>(
  ids: { readonly document: string; readonly version: string },
  contentType: T,
  title: string,
  description: string,
  definition: Definition<T>,
): SeedEntry {
  const document = {
    id: ids.document,
    title,
    contentType,
    description,
    currentVersionId: ids.version,
    createdBy: SYSTEM_USER_ID,
    createdAt: SEEDED_AT,
    updatedAt: SEEDED_AT,
  };
  const base = { id: ids.version, documentId: ids.document, version: 1, publishedAt: SEEDED_AT, publishedBy: SYSTEM_USER_ID };
  return { document, version: { ...base, contentType, definition } as z.input<typeof documentVersionSchema> };
}
