import { z } from 'zod';
import { contentTypeSchema, definitionSchemaFor } from './definition';
import type { Definition } from './definition';
import { contentDocumentSchema } from './document';
import type { Draft } from './authoring-draft';
import { tidyDefinition } from './authoring-tidy';
import { describeLocation, problemsOf } from './issue-messages';
import { unfinishedRules } from './rule-questions';
import type { AuthoringProblem } from './issue-messages';

/** The document's own words, checked like the stored document. */
export const documentMetaSchema = z.object({
  title: contentDocumentSchema.shape.title,
  contentType: contentTypeSchema,
  description: contentDocumentSchema.shape.description,
});
export type DocumentMeta = z.infer<typeof documentMetaSchema>;

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
  const unfinished = unfinishedRules(draft.contentType, tidy).map((u) => ({ path: u.path.join('.'), where: describeLocation(u.place, tidy), message: u.message }));
  const problems = [
    ...(meta.success ? [] : problemsOf(meta.error, { root: metaInput })),
    ...(definition.success ? [] : problemsOf(definition.error, { root: tidy })),
    ...unfinished,
  ];
  if (!meta.success || !definition.success || unfinished.length > 0) return { ok: false, problems };
  return { ok: true, meta: meta.data, definition: definition.data };
}
