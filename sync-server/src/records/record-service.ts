import { activityEventSchema, contentDocumentSchema, documentVersionSchema, ERROR_CODES, instanceSchema, mergeInstance } from '../../../src/domain';
import type { ActivityEvent, ContentDocument, DocumentVersion, Instance, User } from '../../../src/domain';
import type { RecordRepo } from '../db/record-repo';
import { HttpError, parseInput } from '../errors';
import { sameRecord } from './canonical-json';

/**
 * The write rules of the synced records (DESIGN §3). Every put is idempotent, so the client
 * outbox can replay it: documents are last-writer-wins by `updatedAt`; versions are immutable;
 * instances merge by the status lattice; activity events are insert-if-absent.
 */
export interface RecordService {
  putDocument(caller: User, id: string, body: unknown): ContentDocument;
  putVersion(caller: User, documentId: string, versionId: string, body: unknown): DocumentVersion;
  putInstance(caller: User, id: string, body: unknown): Instance;
  putActivity(caller: User, id: string, body: unknown): ActivityEvent;
}

const { forbidden, conflict, invalid } = ERROR_CODES;

function requireAdmin(caller: User): void {
  if (caller.role !== 'admin') throw new HttpError(403, forbidden, 'Only the workspace admin can author documents');
}

function requireMatch(field: string, inUrl: string, inBody: string): void {
  if (inUrl !== inBody) {
    throw new HttpError(422, invalid, 'The body does not match the URL', [{ path: field, message: `must equal "${inUrl}" from the URL` }]);
  }
}

function requireOwner(caller: User, userId: string | undefined, what: string): void {
  if (userId !== caller.id) throw new HttpError(403, forbidden, `${what} can only be written by its owner`);
}

export function createRecordService(repo: RecordRepo): RecordService {
  return {
    putDocument(caller, id, body) {
      requireAdmin(caller);
      const doc = parseInput(contentDocumentSchema, body);
      requireMatch('id', id, doc.id);
      return repo.transaction(() => {
        const existing = repo.getDocument(id);
        if (!existing) {
          repo.putDocument(doc);
          return doc;
        }
        if (existing.contentType !== doc.contentType) throw new HttpError(409, conflict, 'A document cannot change its content type');
        if (doc.updatedAt < existing.updatedAt) return existing;
        const next: ContentDocument = { ...doc, createdBy: existing.createdBy, createdAt: existing.createdAt };
        if (sameRecord(next, existing)) return existing;
        repo.putDocument(next);
        return next;
      });
    },

    putVersion(caller, documentId, versionId, body) {
      requireAdmin(caller);
      const version = parseInput(documentVersionSchema, body);
      requireMatch('id', versionId, version.id);
      requireMatch('documentId', documentId, version.documentId);
      return repo.transaction(() => {
        const existing = repo.getVersion(versionId);
        if (existing) {
          if (sameRecord(existing, version)) return existing;
          throw new HttpError(409, conflict, 'A published version is immutable; publish a new version instead');
        }
        if (repo.getVersionByNumber(documentId, version.version)) {
          throw new HttpError(409, conflict, `Version ${version.version} of this document already exists`);
        }
        const doc = repo.getDocument(documentId);
        if (doc && doc.contentType !== version.contentType) {
          throw new HttpError(409, conflict, `The document is a ${doc.contentType}, not a ${version.contentType}`);
        }
        repo.putVersion(version);
        return version;
      });
    },

    putInstance(caller, id, body) {
      const incoming = parseInput(instanceSchema, body);
      requireMatch('id', id, incoming.id);
      requireOwner(caller, incoming.userId, 'An instance');
      return repo.transaction(() => {
        const existing = repo.getInstance(id);
        if (!existing) {
          repo.putInstance(incoming);
          return incoming;
        }
        requireOwner(caller, existing.userId, 'An instance');
        // The stored replica goes first: identity fields stay as created; status only moves up.
        const merged = mergeInstance(existing, incoming);
        if (sameRecord(merged, existing)) return existing;
        repo.putInstance(merged);
        return merged;
      });
    },

    putActivity(caller, id, body) {
      const event = parseInput(activityEventSchema, body);
      requireMatch('id', id, event.id);
      requireOwner(caller, event.userId, 'An activity event');
      return repo.transaction(() => {
        const existing = repo.getActivity(id);
        if (existing) {
          requireOwner(caller, existing.userId, 'An activity event');
          return existing;
        }
        repo.putActivity(event);
        return event;
      });
    },
  };
}
