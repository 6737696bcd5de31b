import type { OutboxEntry, RecordKind } from '../../db';

/**
 * Kinds whose later outbox entry carries everything an earlier one did, so the earlier one
 * need not be sent: an instance row is a lattice join of all its writes (`writeRecords` merges
 * with the stored row) and a document write replaces the whole document. Activity and versions
 * are insert-if-absent facts; share links have their own counters: never skipped.
 */
export const SUPERSEDABLE: ReadonlySet<RecordKind> = new Set<RecordKind>(['instance', 'document']);

/** The relay route of an entry: one idempotent PUT keyed by the client-made id. */
export function routeOf(entry: Pick<OutboxEntry, 'kind' | 'recordId' | 'value'>): string {
  const id = encodeURIComponent(entry.recordId);
  switch (entry.kind) {
    case 'document':
      return `/api/documents/${id}`;
    case 'version': {
      const documentId = (entry.value as { documentId?: unknown }).documentId;
      return `/api/documents/${encodeURIComponent(String(documentId))}/versions/${id}`;
    }
    case 'instance':
      return `/api/instances/${id}`;
    case 'activity':
      return `/api/activity/${id}`;
    case 'shareLink':
      return `/api/share-links/${id}`;
  }
}
