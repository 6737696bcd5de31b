/**
 * Authoring, pure: drafts an admin edits (`authoring-draft`), the parts added to them
 * (`authoring-new-parts`), list editing (`list-editing`), how a draft is tidied and checked
 * before it becomes an immutable version (`authoring-tidy`, `authoring-check`), the live
 * preview's definition (`authoring-preview`), the JSON file a document is exported to and
 * imported from (`authoring-file`), problems in words (`issue-messages`), and the rule
 * builders' read/write of the rule tree (`rule-builder`) and what they offer (`rule-questions`). One file per
 * concept; this one gathers them for the editor. Ids come from the caller.
 */
export * from './list-editing';
export { describeLocation, describeProblem, problemsOf } from './issue-messages';
export type { AuthoringProblem } from './issue-messages';
export { draftSchema, draftDefinitionSchemaFor, withoutChecks, newDraft, draftFromVersion } from './authoring-draft';
export type { Draft, DraftOf } from './authoring-draft';
export { emptyField, emptyStep, emptyChecklistItem, emptySection, emptyFormSection, emptyResponse, emptyResponseSet, newDefinition } from './authoring-new-parts';
export { FIELD_KIND_SETTINGS, tidyDefinition } from './authoring-tidy';
export { previewDefinition, previewOf } from './authoring-preview';
export type { PreviewDefinition } from './authoring-preview';
export * from './rule-builder';
export * from './rule-questions';
export { checkDraft } from './authoring-check';
export type { DocumentMeta, PublishCheck } from './authoring-check';
export { DOCUMENT_FILE_FORMAT, DOCUMENT_FILE_FORMAT_VERSION, toDocumentFile, parseDocumentFile, parseDocumentFileText, describeImportProblems } from './authoring-file';
export type { DocumentFile, DocumentFileResult } from './authoring-file';
