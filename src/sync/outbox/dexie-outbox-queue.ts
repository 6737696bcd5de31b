import { liveQuery } from 'dexie';
import { discardFailed, markFailed, markSent, outboxCounts, pendingOutbox, retryFailed } from '../../db';
import type { FieldbookDB, OutboxEntry } from '../../db';
import type { OutboxQueue, QueuedEntry } from './outbox-queue';

const queued = (entries: OutboxEntry[]): QueuedEntry[] => entries.filter((e): e is QueuedEntry => e.seq !== undefined);

/** The `OutboxQueue` over the Dexie `outbox` table (the db layer's outbox functions). */
export function dexieOutboxQueue(db: FieldbookDB): OutboxQueue {
  return {
    async enqueue(entry) {
      return db.outbox.add({ ...entry, state: 'pending', attempts: 0 });
    },
    async pending(limit, afterSeq) {
      return queued(await pendingOutbox(db, limit, afterSeq));
    },
    async latestPending(kind, recordId, afterSeq) {
      // [kind+recordId] entries come in seq order: the last one is the newest write.
      const newer = await db.outbox
        .where('[kind+recordId]')
        .equals([kind, recordId])
        .filter((e) => e.state === 'pending' && (e.seq ?? 0) > afterSeq)
        .toArray();
      return queued(newer).at(-1);
    },
    markSent: (seq) => markSent(db, seq),
    markFailed: (seq, error) => markFailed(db, seq, error),
    async markAnnounced(seq) {
      await db.outbox.update(seq, { announced: true });
    },
    retry: (seq) => retryFailed(db, seq),
    discard: (seq) => discardFailed(db, seq),
    counts: () => outboxCounts(db),
    watchCounts(listener) {
      const subscription = liveQuery(() => outboxCounts(db)).subscribe({ next: listener, error: () => undefined });
      return () => subscription.unsubscribe();
    },
  };
}
