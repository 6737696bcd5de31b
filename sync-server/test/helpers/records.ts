import { randomUUID } from 'node:crypto';

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
