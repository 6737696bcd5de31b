import type { z } from 'zod';

/**
 * Asks whether this device still has an unsent write of the record. Lazy, so only the rules
 * whose answer depends on it pay for the outbox read.
 */
export type LocalPending = () => Promise<boolean>;

/**
 * Everything the app and the relay need to know about one replicated record kind (DESIGN §3).
 * Pure: no Dexie, no Yjs, no DOM, so the relay imports the same rules it must agree with, and
 * the db layer does the I/O around them.
 */
export interface RecordKindRules<V extends { id: string }, T extends string = string> {
  /** Parses a value where it enters: a local write, a feed change, an HTTP body. */
  readonly schema: z.ZodType<V>;
  /** The Dexie table holding the kind's rows (checked against FieldbookDB in db/records.ts). */
  readonly table: T;
  /** What the sync screen calls an outbox entry of this kind. */
  readonly label: string;
  /**
   * Whether a later outbox entry carries everything an earlier one of the same record did, so
   * the flusher may skip the earlier one.
   */
  readonly supersedable: boolean;
  /** The relay route of the idempotent PUT, keyed by the client-made id. `value` is the outbox entry's, as stored. */
  readonly route: (recordId: string, value: unknown) => string;
  /**
   * A write made on this device against the row it already holds: the row to store and queue
   * for the relay, or undefined to write and queue nothing.
   */
  readonly mergeLocal: (incoming: V, stored: V | undefined) => V | undefined;
  /** A change from the relay's feed against the local row: the row to store, or undefined to keep the local one. */
  readonly mergeRemote: (remote: V, local: V | undefined, localPending: LocalPending) => Promise<V | undefined>;
  /**
   * A client's write arriving at the relay, against the relay's stored copy: the copy to keep
   * (`stored` itself when the write changes nothing). Refusals (conflicts, permissions) stay
   * with the relay's services; this is only the merge both sides must agree on.
   */
  readonly mergeOnRelay: (incoming: V, stored: V) => V;
}

/** The value type a kind's rules hold. */
export type RecordValueOf<R> = R extends RecordKindRules<infer V, string> ? V : never;

/** Immutable facts (versions, activity events): the first copy stays, a known id changes nothing. */
export const insertIfAbsent = <V>(incoming: V, stored: V | undefined): V | undefined => (stored === undefined ? incoming : undefined);

export const encodeId = (id: string): string => encodeURIComponent(id);
