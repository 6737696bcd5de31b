import { CHANGE_KINDS } from '../domain';
import type { ChangeKind } from '../domain';
import { activityRecord } from './activity';
import { documentRecord } from './document';
import { instanceRecord } from './instance';
import type { RecordKindRules, RecordValueOf } from './record-kind';
import { shareLinkRecord } from './share-link';
import { versionRecord } from './version';

/**
 * The record-kind registry: every switch on a kind (local and remote merge, relay route,
 * supersede rule, label, table) looks its kind up here. A new kind is a file beside these, one
 * line below and its word in the domain's CHANGE_KINDS; `records.test.ts` fails until all three agree.
 */
export const RECORDS = {
  document: documentRecord,
  version: versionRecord,
  instance: instanceRecord,
  activity: activityRecord,
  shareLink: shareLinkRecord,
} as const satisfies Record<ChangeKind, Pick<RecordKindRules<{ id: string }>, 'table' | 'label' | 'supersedable'>>;

/** The replicated record kinds: the same words as the change feed (`Change.kind`). */
export type RecordKind = ChangeKind;
export const RECORD_KINDS: readonly RecordKind[] = CHANGE_KINDS;

export type RecordValues = { [K in RecordKind]: RecordValueOf<(typeof RECORDS)[K]> };

/** One record to store, discriminated on its kind. */
export type RecordWrite = { [K in RecordKind]: { kind: K; value: RecordValues[K] } }[RecordKind];

/**
 * The registry seen through a mapped type, so a function generic in K gets the rules of
 * `RecordValues[K]` (a plain index of RECORDS would give a union of rules no value fits).
 */
const RULES: { [K in RecordKind]: RecordKindRules<RecordValues[K]> } = RECORDS;

export const rulesOf = <K extends RecordKind>(kind: K): RecordKindRules<RecordValues[K]> => RULES[kind];

/** Parse an untrusted value as the record of `kind`; undefined when it does not fit. */
export function parseRecord(kind: RecordKind, value: unknown): RecordWrite | undefined {
  const result = rulesOf(kind).schema.safeParse(value);
  return result.success ? ({ kind, value: result.data } as RecordWrite) : undefined;
}

/** The relay route of an outbox entry: one idempotent PUT keyed by the client-made id. */
export const recordRoute = (kind: RecordKind, recordId: string, value: unknown): string => rulesOf(kind).route(recordId, value);

/** Kinds whose later outbox entry carries everything an earlier one did (`supersedable`). */
export const SUPERSEDABLE_KINDS: ReadonlySet<RecordKind> = new Set(RECORD_KINDS.filter((kind) => RECORDS[kind].supersedable));

export const RECORD_LABEL = Object.fromEntries(RECORD_KINDS.map((kind) => [kind, RECORDS[kind].label])) as Record<RecordKind, string>;

export type { LocalPending, RecordKindRules } from './record-kind';
export { activityRecord, documentRecord, instanceRecord, shareLinkRecord, versionRecord };
