import { isFinished } from '../../domain';
import type { Instance } from '../../domain';
import { unfinishedView } from './finish-gate';
import type { OutboxQueue, QueuedEntry } from './outbox-queue';
import { SUPERSEDABLE } from './route';

/**
 * The supersede rule (SPEC.md O2): when a newer pending write of the same record is queued, it
 * carries everything this one did (`SUPERSEDABLE`), so it is sent HERE, in this entry's place —
 * records queued after this one (e.g. the run's started event) still reach a relay that already
 * has the record. A finished run goes as its unfinished view (F1); its own entry sends the
 * finished record when the gate allows. Returns the value to send, or undefined to send the
 * entry's own.
 */
export async function supersedingValue(queue: OutboxQueue, entry: QueuedEntry): Promise<{ readonly value: unknown } | undefined> {
  if (!SUPERSEDABLE.has(entry.kind)) return undefined;
  const latest = await queue.latestPending(entry.kind, entry.recordId, entry.seq);
  if (latest === undefined) return undefined;
  const finished = entry.kind === 'instance' && isFinished((latest.value as Instance).status);
  return { value: finished ? unfinishedView(latest.value as Instance) : latest.value };
}
