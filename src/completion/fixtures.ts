import type { ContentDocument, DocumentId, DocumentVersion, Instance, InstanceId, UserId, VersionId } from '../domain';

/** Test data: one document and version per content type, and an instance of each. */

export const OWNER = '0b0b0b0b-1111-4222-8333-444444444444' as UserId;
const DOC = '1d0c0000-0000-4000-8000-000000000001' as DocumentId;
const VERSION = '2e0d0000-0000-4000-8000-000000000002' as VersionId;
export const INSTANCE = '3f0e0000-0000-4000-8000-000000000003' as InstanceId;

const base = { documentId: DOC, version: 1, publishedAt: 1, publishedBy: OWNER, id: VERSION } as const;

export const procedureVersion: DocumentVersion = {
  ...base,
  contentType: 'procedure',
  definition: {
    steps: [
      { id: 's1', title: 'Isolate', required: true, fields: [{ id: 'temp', label: 'Temperature', kind: 'number', required: true, min: 0, max: 90 }] },
      { id: 's2', title: 'Inspect', required: true },
      { id: 's3', title: 'Photograph', required: false },
    ],
  },
};

export const checklistVersion: DocumentVersion = {
  ...base,
  contentType: 'checklist',
  definition: {
    sections: [
      { id: 'a', title: 'Site', items: [{ id: 'cones', label: 'Cones out', required: true }, { id: 'sign', label: 'Sign up', required: false }] },
    ],
  },
};

export const formVersion: DocumentVersion = {
  ...base,
  contentType: 'form',
  definition: {
    fields: [
      { id: 'name', label: 'Name', kind: 'text', required: true },
      { id: 'count', label: 'Count', kind: 'number', required: false, max: 10 },
    ],
  },
};

export function documentFor(version: DocumentVersion): ContentDocument {
  return {
    id: DOC,
    title: `Pump ${version.contentType}`,
    contentType: version.contentType,
    currentVersionId: VERSION,
    createdBy: OWNER,
    createdAt: 1,
    updatedAt: 1,
  };
}

export function instanceOf(version: DocumentVersion, patch: Partial<Instance> = {}): Instance {
  return {
    id: INSTANCE,
    sourceDocumentId: DOC,
    documentVersionId: VERSION,
    contentType: version.contentType,
    title: `Pump ${version.contentType}`,
    userId: OWNER,
    status: 'not_started',
    progress: 0,
    createdAt: 100,
    lastActivityAt: 100,
    ...patch,
  };
}
