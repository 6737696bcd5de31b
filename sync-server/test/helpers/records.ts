import { randomUUID } from 'node:crypto';
import { activityIdFor, STARTED_EVENT } from '../../../src/domain';
import type { ActivityType, ContentType, InstanceId } from '../../../src/domain';

/** Valid record bodies for PUT tests; override any field. */
export function procedureDocument(overrides: Record<string, unknown> = {}) {
  const id = randomUUID();
  return {
    id,
    title: 'Hot work permit',
    contentType: 'procedure',
    currentVersionId: randomUUID(),
    createdBy: randomUUID(),
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    ...overrides,
  };
}

export function procedureVersion(documentId: string, overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    documentId,
    version: 1,
    contentType: 'procedure',
    definition: { steps: [{ id: 'fire-watch', title: 'Post a fire watch', required: true }] },
    publishedAt: 1_700_000_000_000,
    publishedBy: randomUUID(),
    ...overrides,
  };
}

export function instanceFor(userId: string, overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    sourceDocumentId: randomUUID(),
    documentVersionId: randomUUID(),
    contentType: 'checklist',
    title: 'Vehicle pre-trip inspection',
    userId,
    status: 'in_progress',
    createdAt: 1_700_000_000_000,
    startedAt: 1_700_000_000_000,
    lastActivityAt: 1_700_000_001_000,
    ...overrides,
  };
}

export function activityFor(userId: string, overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    type: 'checklist_started',
    userId,
    documentId: randomUUID(),
    instanceId: randomUUID(),
    title: 'Vehicle pre-trip inspection',
    createdAt: 1_700_000_000_000,
    ...overrides,
  };
}

/**
 * A valid event of `instance` as its owner's device records it: deterministic id, the
 * instance's document, its started event unless `type` says otherwise.
 */
export function activityOf(
  instance: { id: string; sourceDocumentId: string; contentType: string; title: string; userId?: string; sessionId?: string },
  type: ActivityType = STARTED_EVENT[instance.contentType as ContentType],
  overrides: Record<string, unknown> = {},
) {
  return {
    id: activityIdFor(type, instance.id as InstanceId),
    type,
    ...(instance.userId !== undefined ? { userId: instance.userId } : {}),
    ...(instance.sessionId !== undefined ? { sessionId: instance.sessionId } : {}),
    documentId: instance.sourceDocumentId,
    instanceId: instance.id,
    title: instance.title,
    createdAt: 1_700_000_000_000,
    ...overrides,
  };
}
