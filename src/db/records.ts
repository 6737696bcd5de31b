import {
  activityEventSchema,
  contentDocumentSchema,
  documentVersionSchema,
  instanceSchema,
  shareLinkSchema,
} from '../domain';
import type { ActivityEvent, ChangeKind, ContentDocument, DocumentVersion, Instance, ShareLink } from '../domain';
import type { FieldbookDB } from './database';

/** The replicated record kinds: the same words as the change feed (`Change.kind`). */
export type RecordKind = ChangeKind;

export interface RecordValues {
  document: ContentDocument;
  version: DocumentVersion;
  instance: Instance;
  activity: ActivityEvent;
  shareLink: ShareLink;
}

/** One record to store, discriminated on its kind. */
export type RecordWrite = { [K in RecordKind]: { kind: K; value: RecordValues[K] } }[RecordKind];

export const RECORD_SCHEMAS = {
  document: contentDocumentSchema,
  version: documentVersionSchema,
  instance: instanceSchema,
  activity: activityEventSchema,
  shareLink: shareLinkSchema,
} as const;

/** Parse an untrusted value as the record of `kind`; undefined when it does not fit. */
export function parseRecord(kind: RecordKind, value: unknown): RecordWrite | undefined {
  const result = RECORD_SCHEMAS[kind].safeParse(value);
  return result.success ? ({ kind, value: result.data } as RecordWrite) : undefined;
}

export const TABLE_OF = {
  document: 'documents',
  version: 'versions',
  instance: 'instances',
  activity: 'activity',
  shareLink: 'shareLinks',
} as const satisfies Record<RecordKind, keyof FieldbookDB>;

/** Every table a record write can touch, for transaction scopes. */
export const RECORD_TABLES = Object.values(TABLE_OF);

/** Revocation is final, so a defined `revokedAt` is kept against an undefined one. */
export function withRevokedAt(link: ShareLink, revokedAt: number | undefined): ShareLink {
  const out = { ...link };
  if (revokedAt === undefined) delete out.revokedAt;
  else out.revokedAt = revokedAt;
  return out;
}

/** Earliest defined of two timestamps. */
export function firstDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}
