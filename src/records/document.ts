import { contentDocumentSchema } from '../domain';
import type { ContentDocument } from '../domain';
import { encodeId } from './record-kind';
import type { RecordKindRules } from './record-kind';

/**
 * Documents are last-writer-wins by `updatedAt`: a copy replaces the stored one unless the
 * stored one is strictly newer (a tie goes to the copy arriving). Device and relay both decide
 * by this, so an offline edit not yet sent is never overwritten by an older relay copy.
 */
export const isOlderDocument = (incoming: ContentDocument, stored: ContentDocument): boolean => incoming.updatedAt < stored.updatedAt;

/** The newer of two copies (see isOlderDocument): what a device keeps of a document it did not write. */
export const newerDocument = (incoming: ContentDocument, stored: ContentDocument | undefined): ContentDocument | undefined =>
  stored !== undefined && isOlderDocument(incoming, stored) ? undefined : incoming;

export const documentRecord: RecordKindRules<ContentDocument, 'documents'> = {
  schema: contentDocumentSchema,
  table: 'documents',
  label: 'Document',
  // A document write replaces the whole document.
  supersedable: true,
  route: (id) => `/api/documents/${encodeId(id)}`,
  // The author's own edit is the newest by construction: replaced.
  mergeLocal: (incoming) => incoming,
  mergeRemote: (remote, local) => Promise.resolve(newerDocument(remote, local)),
  // Who created it and when stay as first stored, whatever a later write says.
  mergeOnRelay: (incoming, stored) =>
    isOlderDocument(incoming, stored) ? stored : { ...incoming, createdBy: stored.createdBy, createdAt: stored.createdAt },
};
