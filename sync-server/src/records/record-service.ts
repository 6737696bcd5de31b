import { ABANDONED_EVENT, activityIdFor, expectedActivityId, FINISHED_EVENT, FLAGGED_EVENT, isDone, STARTED_EVENT } from '../../../src/domain';
import { ERROR_CODES } from '../../../src/protocol';
import type { ActivityEvent, ContentDocument, DocumentVersion, Instance, ShareLink, User } from '../../../src/domain';
import { RECORDS } from '../../../src/records';
import type { Caller, GrantHolder } from '../auth/authenticate';
import type { RecordRepo } from '../db/record-repo';
import { HttpError, parseInput } from '../errors';
import type { Issue } from '../errors';
import { sameRecord } from './canonical-json';
import type { RecordQuotaGuard } from './record-quotas';

/**
 * The write rules of the synced records (DESIGN §3). Every put is idempotent, so the client
 * outbox can replay it: documents are last-writer-wins by `updatedAt`; versions are immutable;
 * instances merge by the status lattice; activity events are insert-if-absent. The schemas and
 * merges are the record-kind registry's (`src/records`), the same the devices merge by; what
 * stays here is who may write and which writes conflict.
 */
export interface RecordService {
  putDocument(caller: User, id: string, body: unknown): ContentDocument;
  putVersion(caller: User, documentId: string, versionId: string, body: unknown): DocumentVersion;
  /** By its owner, or by a grant holder for its own instance made through its link. */
  putInstance(caller: Caller, id: string, body: unknown): Instance;
  /** For its owner, admins, and the creator of the link it was made through; else 403 (404: unknown). */
  /** A run its reader may open, with the version it pins (when on the relay), so a reviewer needs no feed first. */
  getInstance(caller: User, id: string): { instance: Instance; version: DocumentVersion | undefined };
  putActivity(caller: Caller, id: string, body: unknown): ActivityEvent;
}

export interface RecordServiceDeps {
  /** The links behind recipients' instances: their creators read those and hear of submissions. */
  readonly getShareLink: (id: string) => ShareLink | undefined;
  readonly now: () => number;
  /** A run made through this link was finished (or un-finished by a merge): count its submissions again. */
  readonly recountSubmissions?: (linkId: string) => void;
  /** Caps on created instances and submissions; undefined: none. */
  readonly quotas?: RecordQuotaGuard;
}

const { forbidden, conflict, invalid, documentArchived } = ERROR_CODES;

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

/** A grant writes only its own session's instances, made through its link, of its document. */
function requireGrantInstance(holder: GrantHolder, instance: Instance): void {
  if (instance.userId !== undefined || instance.sessionId !== holder.sessionId) {
    throw new HttpError(403, forbidden, 'A share link writes only its own session\'s instances');
  }
  if (instance.shareLinkId !== holder.shareLinkId || instance.sourceDocumentId !== holder.documentId) {
    throw new HttpError(403, forbidden, 'This instance was not made through this share link');
  }
}

function requireInstanceWriter(caller: Caller, instance: Instance): void {
  if (caller.kind === 'session') requireGrantInstance(caller, instance);
  else requireOwner(caller.user, instance.userId, 'An instance');
}

function requireActivityWriter(caller: Caller, event: ActivityEvent): void {
  // form_received is the relay's own fact (one per instance, deterministic id): nobody else may pre-empt it.
  if (event.type === 'form_received') throw new HttpError(403, forbidden, 'form_received is recorded by the relay');
  if (caller.kind === 'user') return requireOwner(caller.user, event.userId, 'An activity event');
  if (event.userId !== undefined || event.sessionId !== caller.sessionId || event.documentId !== caller.documentId) {
    throw new HttpError(403, forbidden, 'A share link records only its own session\'s events on its document');
  }
}

/**
 * Every client-written type is a once-per-instance fact (started / completed / submitted /
 * abandoned) or a once-per-part one (answer_flagged, its part in metadata.partKey), so its
 * id is derived from the instance (and part): one event per fact, and nobody can store a rival
 * copy under another id. Checked before any lookup.
 */
function requireDerivedId(event: ActivityEvent): void {
  const expected = expectedActivityId(event);
  if (expected === undefined) {
    throw new HttpError(422, invalid, 'A flagged-answer event must name its part', [{ path: 'metadata.partKey', message: 'must be the id of the flagged part' }]);
  }
  if (event.id !== expected) {
    const rule = event.type === 'answer_flagged' ? `activityIdForPart("${event.type}", instanceId, metadata.partKey)` : `activityIdFor("${event.type}", instanceId)`;
    throw new HttpError(422, invalid, 'The event id does not match its type and instance', [{ path: 'id', message: `must be ${rule} = "${expected}"` }]);
  }
}

/**
 * The event's instance: on the relay (the client's outbox sends an instance before its events),
 * the caller's own (requireInstanceWriter), and the event agrees with it.
 */
function requireEventInstance(caller: Caller, event: ActivityEvent, instance: Instance | undefined): void {
  if (!instance) {
    throw new HttpError(409, conflict, `Instance ${event.instanceId} is not on the relay: PUT the instance before its activity`);
  }
  requireInstanceWriter(caller, instance);
  const issues: Issue[] = [];
  if (event.documentId !== instance.sourceDocumentId) {
    issues.push({ path: 'documentId', message: `must equal the instance's sourceDocumentId "${instance.sourceDocumentId}"` });
  }
  const types: readonly string[] = [STARTED_EVENT[instance.contentType], FINISHED_EVENT[instance.contentType], ABANDONED_EVENT, FLAGGED_EVENT];
  if (!types.includes(event.type)) issues.push({ path: 'type', message: `must be one of ${types.join(', ')} for a ${instance.contentType} instance` });
  if (issues.length > 0) throw new HttpError(422, invalid, 'The event does not match its instance', issues);
}

/**
 * DESIGN §2: a form submitted through a share link tells the link's creator, once: the event id
 * is derived from the instance, so a replayed PUT finds it and writes nothing.
 */
function formReceived(instance: Instance, link: ShareLink, now: number): ActivityEvent {
  return {
    id: activityIdFor('form_received', instance.id),
    type: 'form_received',
    userId: link.createdBy,
    documentId: instance.sourceDocumentId,
    instanceId: instance.id,
    title: instance.title,
    createdAt: now,
    metadata: { sessionId: instance.sessionId ?? null, shareLinkId: link.id },
  };
}

const { document: documents, version: versions, instance: instances, activity } = RECORDS;

export function createRecordService(repo: RecordRepo, { getShareLink, now, quotas, recountSubmissions }: RecordServiceDeps): RecordService {
  /**
   * Write the merged instance; a recipient's submitted form also records form_received, and a
   * run through a link that became finished recounts the link's submissions (same transaction).
   */
  const storeInstance = (instance: Instance, previous: Instance | undefined): void => {
    const link = instance.sessionId !== undefined && instance.shareLinkId !== undefined ? getShareLink(instance.shareLinkId) : undefined;
    repo.putInstance(instance, link?.createdBy ?? null);
    if (link && instance.contentType === 'form' && instance.status === 'submitted') {
      const event = formReceived(instance, link, now());
      if (!repo.getActivity(event.id)) repo.putActivity(event);
    }
    if (link && isDone(instance.status) !== (previous !== undefined && isDone(previous.status))) recountSubmissions?.(link.id);
  };

  return {
    putDocument(caller, id, body) {
      requireAdmin(caller);
      const doc = parseInput(documents.schema, body);
      requireMatch('id', id, doc.id);
      return repo.transaction(() => {
        const existing = repo.getDocument(id);
        if (!existing) {
          repo.putDocument(doc);
          return doc;
        }
        if (existing.contentType !== doc.contentType) throw new HttpError(409, conflict, 'A document cannot change its content type');
        const next = documents.mergeOnRelay(doc, existing);
        if (next === existing || sameRecord(next, existing)) return existing;
        repo.putDocument(next);
        return next;
      });
    },

    putVersion(caller, documentId, versionId, body) {
      requireAdmin(caller);
      const version = parseInput(versions.schema, body);
      requireMatch('id', versionId, version.id);
      requireMatch('documentId', documentId, version.documentId);
      return repo.transaction(() => {
        const existing = repo.getVersion(versionId);
        if (existing) {
          // Immutable: the stored copy stays (mergeOnRelay), and a different body under its id is refused.
          if (sameRecord(existing, version)) return versions.mergeOnRelay(version, existing);
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
      const incoming = parseInput(instances.schema, body);
      requireMatch('id', id, incoming.id);
      requireInstanceWriter(caller, incoming);
      return repo.transaction(() => {
        const existing = repo.getInstance(id);
        if (!existing) {
          // An archived document takes no new runs; runs already on the relay may finish.
          if (repo.getDocument(incoming.sourceDocumentId)?.archivedAt !== undefined) {
            throw new HttpError(409, documentArchived, 'This document is archived: it cannot be started');
          }
          quotas?.checkNewInstance(caller, () => (incoming.sessionId === undefined ? 0 : repo.countSessionInstances(incoming.sessionId)));
          quotas?.checkSubmission(caller, undefined, incoming);
          storeInstance(incoming, undefined);
          quotas?.stored(caller, undefined, incoming);
          return incoming;
        }
        requireInstanceWriter(caller, existing);
        // The stored replica leads: identity fields stay as created; status only moves up.
        const merged = instances.mergeOnRelay(incoming, existing);
        if (sameRecord(merged, existing)) return existing;
        quotas?.checkSubmission(caller, existing, merged);
        storeInstance(merged, existing);
        quotas?.stored(caller, existing, merged);
        return merged;
      });
    },

    getInstance(caller, id) {
      const instance = repo.getInstance(id);
      if (!instance) throw new HttpError(404, ERROR_CODES.notFound, 'No such run on the relay');
      const link = instance.shareLinkId !== undefined ? getShareLink(instance.shareLinkId) : undefined;
      const mayRead = caller.role === 'admin' || instance.userId === caller.id || (link !== undefined && link.createdBy === caller.id);
      if (!mayRead) throw new HttpError(403, forbidden, 'Only the person who ran it, admins and the creator of its share link can open this run');
      return { instance, version: repo.getVersion(instance.documentVersionId) };
    },

    putActivity(caller, id, body) {
      const event = parseInput(activity.schema, body);
      requireMatch('id', id, event.id);
      requireActivityWriter(caller, event);
      requireDerivedId(event);
      return repo.transaction(() => {
        // Only the instance's owner (or its own grant) records its facts: nobody pre-empts them.
        requireEventInstance(caller, event, repo.getInstance(event.instanceId));
        const existing = repo.getActivity(id);
        if (existing) {
          if (caller.kind === 'user') requireOwner(caller.user, existing.userId, 'An activity event');
          else if (existing.sessionId !== caller.sessionId) throw new HttpError(403, forbidden, 'This event belongs to someone else');
          return activity.mergeOnRelay(event, existing);
        }
        if (caller.kind === 'session') {
          repo.putActivity(event, caller.shareLinkId);
        } else {
          repo.putActivity(event);
        }
        return event;
      });
    },
  };
}
