import { documentVersionSchema } from '../domain';
import type { DocumentVersion } from '../domain';
import { encodeId, insertIfAbsent } from './record-kind';
import type { RecordKindRules } from './record-kind';

/** A published version is immutable everywhere: the first copy of an id stays. */
export const versionRecord: RecordKindRules<DocumentVersion, 'versions'> = {
  schema: documentVersionSchema,
  table: 'versions',
  label: 'Published version',
  // An insert-if-absent fact: every entry is sent.
  supersedable: false,
  route: (id, value) => {
    // The outbox value was parsed when it was written; read it as loosely as the entry is typed.
    const documentId = (value as { documentId?: unknown }).documentId;
    return `/api/documents/${encodeId(String(documentId))}/versions/${encodeId(id)}`;
  },
  mergeLocal: insertIfAbsent,
  mergeRemote: (remote, local) => Promise.resolve(insertIfAbsent(remote, local)),
  // A different body under a known id is the relay's 409, not a merge.
  mergeOnRelay: (_incoming, stored) => stored,
};
