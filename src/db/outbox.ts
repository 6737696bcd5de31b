import { rulesOf } from '../records';
import type { FieldbookDB } from './database';
import { RECORD_TABLES, parseRecord, recordTable } from './records';
import type { RecordKind, RecordValues, RecordWrite } from './records';
import type { OutboxEntry, OutboxError } from './outbox-entry';

export type { RecordKind, RecordWrite } from './records';

export type { OutboxEntry, OutboxError, OutboxState } from './outbox-entry';

export class InvalidRecordError extends Error {
  override readonly name = 'InvalidRecordError';
  constructor(
    readonly kind: RecordKind,
    readonly index: number,
  ) {
    super(`write ${index} is not a valid ${kind} record`);
  }
}

/**
 * Store records locally and queue them for the relay in ONE transaction: either every
 * record and its outbox entry commit, or none do. Each kind merges with the stored row by its
 * own `mergeLocal` (`src/records`): an instance by the status lattice, activity and versions
 * insert-if-absent (a known id writes nothing and queues nothing), a share link keeping its
 * use count and revocation, a document replaced.
 * Values are validated first, so the outbox never carries a record the relay must reject as malformed.
 */
export async function writeRecords(db: FieldbookDB, writes: readonly RecordWrite[], now: number = Date.now()): Promise<void> {
  const parsed = writes.map((write, index) => {
    const ok = parseRecord(write.kind, write.value);
    if (ok === undefined) throw new InvalidRecordError(write.kind, index);
    return ok;
  });
  if (parsed.length === 0) return;
  await db.transaction('rw', [...RECORD_TABLES, 'outbox'], async () => {
    for (const write of parsed) {
      const stored = await storeLocal(db, write.kind, write.value);
      if (stored === undefined) continue;
      await db.outbox.add({ kind: write.kind, recordId: stored.id, value: stored, state: 'pending', createdAt: now, attempts: 0 });
    }
  });
}

/**
 * The kind's local merge against the stored row (`src/records`). Returns the row as stored, or
 * undefined when nothing was written. Runs inside the caller's transaction.
 */
async function storeLocal<K extends RecordKind>(db: FieldbookDB, kind: K, value: RecordValues[K]): Promise<RecordValues[K] | undefined> {
  const table = recordTable(db, kind);
  const row = rulesOf(kind).mergeLocal(value, await table.get(value.id));
  if (row !== undefined) await table.put(row);
  return row;
}

/** Oldest pending entries first (the `state` index orders equal keys by seq). */
export async function pendingOutbox(db: FieldbookDB, limit: number, afterSeq?: number): Promise<OutboxEntry[]> {
  // Entries of one index key come in primary-key (seq) order; resuming past `afterSeq` lets a
  // flush pass over entries it deliberately holds back without reading them again.
  const pending = db.outbox.where('state').equals('pending');
  return (afterSeq === undefined ? pending : pending.filter((e) => (e.seq ?? 0) > afterSeq)).limit(limit).toArray();
}

/** Failed entries, oldest first, for the screen that shows rejected writes. */
export async function failedOutbox(db: FieldbookDB, limit: number): Promise<OutboxEntry[]> {
  return db.outbox.where('state').equals('failed').limit(limit).toArray();
}

export async function outboxCounts(db: FieldbookDB): Promise<{ pending: number; failed: number }> {
  return db.transaction('r', db.outbox, async () => ({
    pending: await db.outbox.where('state').equals('pending').count(),
    failed: await db.outbox.where('state').equals('failed').count(),
  }));
}

/**
 * Pending record writes as a person counts them: one per write made together (one
 * `writeRecords` call stamps its entries with one `createdAt`). Those about a run (its instance
 * record and its activity events) are counted per run, so the caller can count a tap once even
 * though it also changed the run's Yjs doc (sync-status `countChanges`).
 */
export interface PendingRecordChanges {
  /** Instance id -> pending writes of that run. */
  readonly runs: ReadonlyMap<string, number>;
  /** Pending writes not about a run (documents, versions, share links). */
  readonly other: number;
}

export async function pendingRecordChanges(db: FieldbookDB): Promise<PendingRecordChanges> {
  const entries = await db.outbox.where('state').equals('pending').toArray();
  const runs = new Map<string, Set<number>>();
  const other = new Set<number>();
  for (const entry of entries) {
    const instanceId = entry.kind === 'instance' ? entry.recordId : entry.kind === 'activity' ? (entry.value as { instanceId?: unknown } | null)?.instanceId : undefined;
    if (typeof instanceId === 'string') {
      const times = runs.get(instanceId) ?? new Set<number>();
      times.add(entry.createdAt);
      runs.set(instanceId, times);
    } else other.add(entry.createdAt);
  }
  return { runs: new Map([...runs].map(([id, times]) => [id, times.size])), other: other.size };
}

/** The relay stored the entry durably. */
export async function markSent(db: FieldbookDB, seq: number): Promise<void> {
  await db.outbox.delete(seq);
}

/** The relay refused the entry: keep it, visible, with the reason. */
export async function markFailed(db: FieldbookDB, seq: number, error: OutboxError): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    const entry = await db.outbox.get(seq);
    if (entry === undefined) return;
    await db.outbox.put({ ...entry, state: 'failed', attempts: entry.attempts + 1, lastError: error });
  });
}

/** Put a failed entry back in the queue at its original place (its seq). */
export async function retryFailed(db: FieldbookDB, seq: number): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    const entry = await db.outbox.get(seq);
    if (entry?.state !== 'failed') return;
    const { lastError: _lastError, ...rest } = entry;
    await db.outbox.put({ ...rest, state: 'pending' });
  });
}

/** The user gave up on a rejected write. Pending entries are never discarded this way. */
export async function discardFailed(db: FieldbookDB, seq: number): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    const entry = await db.outbox.get(seq);
    if (entry?.state === 'failed') await db.outbox.delete(seq);
  });
}
