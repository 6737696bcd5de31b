import { liveQuery } from 'dexie';
import { kvGet } from '../../db';
import type { FieldbookDB } from '../../db';
import { isFinished } from '../../domain';
import type { Instance } from '../../domain';
import { relayMarkerSchema } from '../docs/relay-marker';
import type { RelayMarker } from '../docs/relay-marker';
import type { QueuedEntry } from './outbox-queue';
import { RELAY_SV_PREFIX, relayKey } from '../../protocol';

/**
 * Rule F1 (SPEC.md O1): a finished instance must not reach the relay before the relay has
 * stored the run's Yjs edits: the relay makes a finished run's room read-only, and edits it has
 * not stored would then stay on this device forever. So the finished record waits until the
 * relay has acknowledged the doc (its stored state vector covers ours). When the relay has
 * never heard of the room, the unfinished view of the record goes first so the room exists.
 */
export type GateDecision = 'send' | 'held' | 'announce';

/** What F1 needs to know about the relay's durable copy of runs' docs (their markers). */
export interface RelayAcks {
  marker(instanceId: string): Promise<Pick<RelayMarker, 'stateVector' | 'pending' | 'notAccepted'> | undefined>;
  /** Called with the number of runs whose doc is settled (all stored, or not accepted), now and on change. */
  watchSettled(listener: (settled: number) => void): () => void;
}

export async function finishGate(entry: QueuedEntry, acks: RelayAcks): Promise<GateDecision> {
  if (entry.kind !== 'instance' || !isFinished((entry.value as Instance).status)) return 'send';
  const marker = await acks.marker(entry.recordId);
  const relayKnowsRoom = (marker !== undefined && marker.stateVector !== '') || entry.announced === true;
  if (!relayKnowsRoom) return 'announce';
  // The run was finished elsewhere and the relay refused this doc's edits (type 101): holding
  // the record back cannot help them land; they are kept and shown as not accepted.
  if (marker?.notAccepted !== undefined) return 'send';
  return marker?.pending === 0 ? 'send' : 'held';
}

/** The record as it stood before it was finished: what the relay may see while the doc syncs. */
export function unfinishedView(instance: Instance): Instance {
  const { completedAt: _c, submittedAt: _s, abandonedAt: _a, abandonReason: _r, ...rest } = instance;
  return { ...rest, status: 'in_progress' };
}

/** The markers as the provider manager keeps them in Dexie kv (`relay.sv.<instanceId>`). */
export function dexieRelayAcks(db: FieldbookDB): RelayAcks {
  return {
    marker: (instanceId) => kvGet(db, relayKey(instanceId), relayMarkerSchema),
    watchSettled(listener) {
      const subscription = liveQuery(() => db.kv.where('key').startsWith(RELAY_SV_PREFIX).toArray()).subscribe({
        next: (rows) => {
          const settled = rows.filter((row) => {
            const marker = relayMarkerSchema.safeParse(row.value).data;
            return marker?.pending === 0 || marker?.notAccepted !== undefined;
          }).length;
          listener(settled);
        },
        error: () => undefined,
      });
      return () => subscription.unsubscribe();
    },
  };
}
