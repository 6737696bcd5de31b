import type { OutboxEntry, OutboxError, RecordKind } from '../../db';

/** An outbox entry as the queue hands it out: always with its place (`seq`). */
export type QueuedEntry = OutboxEntry & { readonly seq: number };

/** What a writer puts in the queue; it starts pending, with no attempts. */
export interface NewOutboxEntry {
  readonly kind: RecordKind;
  readonly recordId: string;
  readonly value: unknown;
  readonly createdAt: number;
}

export interface OutboxCounts {
  readonly pending: number;
  readonly failed: number;
}

/**
 * The port between the flusher and the device's outbox (CONVENTIONS 2): what the flusher needs,
 * nothing more. The Dexie adapter is `dexie-outbox-queue.ts`; the contract every adapter keeps
 * is `outbox-queue.contract.ts` (run on fake-indexeddb and in Chromium).
 *
 * Order is the queue's `seq`: entries are sent oldest first, and a failed entry put back keeps
 * its place. A failed entry stays until the user retries or discards it (O5): nothing the user
 * wrote leaves the queue except by being stored on the relay or by an explicit discard.
 */
export interface OutboxQueue {
  /** Add an entry at the end. (The app's writes use `writeRecords`, which adds it in the row's transaction.) */
  enqueue(entry: NewOutboxEntry): Promise<number>;
  /** Up to `limit` pending entries, oldest first, after `afterSeq` when given. */
  pending(limit: number, afterSeq?: number): Promise<QueuedEntry[]>;
  /** The newest pending entry of the same record queued after `afterSeq`, if any (the supersede rule). */
  latestPending(kind: RecordKind, recordId: string, afterSeq: number): Promise<QueuedEntry | undefined>;
  /** The relay stored it durably: it leaves the queue. */
  markSent(seq: number): Promise<void>;
  /** The relay refused it (4xx): kept, failed, with the reason; one more attempt counted. */
  markFailed(seq: number, error: OutboxError): Promise<void>;
  /** The unfinished view of a held-back finished instance reached the relay (F1). */
  markAnnounced(seq: number): Promise<void>;
  /** Put a failed entry back, pending, at its place. Anything else: no change. */
  retry(seq: number): Promise<void>;
  /** Drop a failed entry the user gave up on. Pending entries are never dropped this way. */
  discard(seq: number): Promise<void>;
  counts(): Promise<OutboxCounts>;
  /** Called with the counts now and after every change; returns the unsubscribe. */
  watchCounts(listener: (counts: OutboxCounts) => void): () => void;
}
