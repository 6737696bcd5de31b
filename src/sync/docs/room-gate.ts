/**
 * The room gate (SPEC D6, D7): a device opens an instance's room only when the relay can know
 * it — the relay acknowledged the room before, or no unsent record of the instance waits in the
 * outbox. Nothing connects before the markers and the outbox have been read (otherwise a room
 * the relay cannot know yet would be opened and refused with 4404).
 *
 * It also watches the outbox for instance records written while their doc was not measured
 * (D5): their Yjs state may have changed, so the manager marks their pending count unknown.
 */
import { Dexie, liveQuery } from 'dexie';
import type { FieldbookDB, OutboxEntry } from '../../db';
import type { MarkerCache } from './marker-cache';
import { wasAcknowledged } from './relay-marker';

type InstanceEntry = Pick<OutboxEntry, 'seq' | 'recordId' | 'state' | 'value' | 'announced'>;

export interface OutboxChange {
  /** Instances whose record was waiting to be sent and no longer is. */
  readonly sent: readonly string[];
  /** Instances with a new outbox entry for a started run (a record written since last time). */
  readonly written: readonly string[];
}

export interface RoomGate {
  /** Markers and outbox read (or their read failed); nothing may connect before. */
  readonly ready: Promise<void>;
  mayConnect(instanceId: string): boolean;
  /** The instance's record has not reached the relay yet (as of the last outbox change seen). */
  recordWaiting(instanceId: string): boolean;
  /**
   * The same, read from the outbox now. The live query behind `recordWaiting` lags behind a new
   * entry (and can miss one sent before it looked), so a 4404 is judged on this read (D11).
   */
  recordUnsent(instanceId: string): Promise<boolean>;
  stop(): void;
}

const instanceEntries = (db: FieldbookDB): Promise<InstanceEntry[]> =>
  db.outbox
    .where('[kind+recordId]')
    .between(['instance', Dexie.minKey], ['instance', Dexie.maxKey])
    .toArray();

// An announced entry (flusher rule F1) is a finished record held back while the relay already
// holds the unfinished one: the room exists, so it may connect.
const unsent = (entry: InstanceEntry): boolean => entry.state === 'pending' && entry.announced !== true;

export function createRoomGate(db: FieldbookDB, markers: MarkerCache, onChange: (change: OutboxChange) => void): RoomGate {
  /** Instance ids with a pending (unsent) outbox entry: the relay may not know the room yet. */
  let recordPending = new Set<string>();
  /** Outbox entries up to this seq have been looked at (each marks its instance once). */
  let seenSeq = 0;
  let stopped = false;
  let subscription: { unsubscribe(): void } | null = null;

  function read(entries: readonly InstanceEntry[]): void {
    const before = recordPending;
    recordPending = new Set(entries.filter(unsent).map((e) => e.recordId));
    const sent = [...before].filter((id) => !recordPending.has(id));
    const lastSeen = seenSeq;
    const written: string[] = [];
    for (const entry of entries) {
      seenSeq = Math.max(seenSeq, entry.seq ?? 0);
      if ((entry.seq ?? 0) <= lastSeen) continue;
      const status = (entry.value as { status?: unknown } | null)?.status;
      if (status !== 'not_started') written.push(entry.recordId);
    }
    onChange({ sent, written });
  }

  const ready = Promise.all([markers.load(), instanceEntries(db)])
    .then(([, entries]) => read(entries))
    .catch(() => undefined);
  void ready.then(() => {
    if (stopped) return;
    subscription = liveQuery(() => instanceEntries(db)).subscribe({ next: read, error: () => undefined });
  });

  return {
    ready,
    mayConnect: (instanceId) => wasAcknowledged(markers.get(instanceId)) || !recordPending.has(instanceId),
    recordWaiting: (instanceId) => recordPending.has(instanceId),
    recordUnsent: (instanceId) =>
      db.outbox
        .where('[kind+recordId]')
        .equals(['instance', instanceId])
        .toArray()
        .then((entries) => entries.some(unsent))
        .catch(() => false),
    stop() {
      stopped = true;
      subscription?.unsubscribe();
    },
  };
}
