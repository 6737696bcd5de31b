import { Dexie } from 'dexie';
import type { FieldbookDB, OutboxEntry } from '../db';
import { instanceFiles } from '../files';
import type { ProviderManagerState } from '../sync/docs/provider-types';

/**
 * Outbox entries of one run (its instance record and its activity events), and its files: a
 * run is on the relay only when every photo and file it refers to is (issue 11).
 */
export interface RunOutbox {
  readonly pending: number;
  readonly failed: number;
  /** Files of the run not yet on the relay (or whose reference it has not taken), and refused ones. */
  readonly filesPending?: number;
  readonly filesRefused?: number;
}

const instanceIdOf = (entry: OutboxEntry): unknown => (entry.value as { instanceId?: unknown } | null)?.instanceId;

/**
 * The run's entries still in the outbox, read from `[kind+recordId]`. A recipient's database
 * holds one link's few runs, so its activity entries are few; each names its instance.
 */
export async function runOutbox(db: FieldbookDB, instanceId: string): Promise<RunOutbox> {
  const [instance, activity, files] = await Promise.all([
    db.outbox.where('[kind+recordId]').equals(['instance', instanceId]).toArray(),
    db.outbox.where('[kind+recordId]').between(['activity', Dexie.minKey], ['activity', Dexie.maxKey]).toArray(),
    instanceFiles(db, instanceId),
  ]);
  const entries = [...instance, ...activity.filter((entry) => instanceIdOf(entry) === instanceId)];
  return {
    pending: entries.filter((entry) => entry.state === 'pending').length,
    failed: entries.filter((entry) => entry.state === 'failed').length,
    filesPending: files.onRelay ? 0 : Math.max(1, files.pending),
    filesRefused: files.refused.length,
  };
}

/**
 * Whether a run has reached the relay, truthfully:
 * - `sent`: nothing of it is in the outbox and the relay acknowledged storing every answer
 *   (its Yjs doc has no changes beyond the relay's stored state vector);
 * - `waiting`: something is still on this device only (offline, or on its way);
 * - `refused`: the relay refused part of it (kept on the device, shown);
 * - `checking`: the answers' sync state has not been read yet (never shown as sent).
 */
export type RunSendState = 'checking' | 'waiting' | 'sent' | 'refused';

export function runSendState(outbox: RunOutbox | undefined, docs: ProviderManagerState | null, instanceId: string): RunSendState {
  const doc = docs?.instances.find((i) => i.instanceId === instanceId);
  const docRefused = doc !== undefined && doc.pending !== 0 && ((doc.notAccepted !== undefined && doc.notAccepted.resolved === undefined) || doc.refused !== undefined);
  if ((outbox?.failed ?? 0) > 0 || (outbox?.filesRefused ?? 0) > 0 || docRefused) return 'refused';
  if (outbox === undefined || docs === null || !docs.ready) return 'checking';
  // Not listed: not open and nothing pending (the manager lists every doc with pending changes).
  const docPending = doc === undefined ? 0 : doc.pending;
  return outbox.pending > 0 || (outbox.filesPending ?? 0) > 0 || docPending !== 0 ? 'waiting' : 'sent';
}
