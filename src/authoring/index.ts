// Authoring use cases on this device: drafts in kv, publishing a draft as a version, new
// documents from a file or a copy, archiving. Plain functions the editor screens call.
export { loadDraft, listDrafts, saveDraft, discardDraft } from './drafts';
export { publishVersion, PublishConflictError } from './publish';
export type { PublishInput, PublishResult } from './publish';
export { importDocument, duplicateDocument, copyTitle } from './new-document';
export { setArchived, archiveDocument } from './archive';
