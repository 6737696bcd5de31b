import { z } from 'zod';
import { contentTypeSchema, definitionSchemaFor } from './definition';
import type { Definition } from './definition';
import type { ContentDocument, DocumentVersion } from './document';
import { documentMetaSchema } from './authoring-check';
import type { DocumentMeta } from './authoring-check';
import { problemsOf } from './issue-messages';
import type { AuthoringProblem } from './issue-messages';

/** The JSON file a document is exported to and imported from: its words and one version's definition. */

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
