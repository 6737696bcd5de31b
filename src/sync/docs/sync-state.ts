/**
 * The manager's state for the UI (status bar, sync screen, runner), derived from the markers
 * and the open docs, published through one value store at most once per microtask.
 */
import { createValueStore } from '../../domain/value-store';
import type { ValueStore } from '../../domain/value-store';
import type { InstanceSyncState, ProviderManagerState } from './provider-types';
import type { RelayMarker } from './relay-marker';
import { UNKNOWN_PENDING, wasAcknowledged } from './relay-marker';

/** What the manager knows of one open doc. */
export interface OpenDocView {
  readonly mode: 'attached' | 'background';
  readonly connection: InstanceSyncState['connection'];
  readonly pending: number;
  readonly refused: InstanceSyncState['refused'];
  readonly notAccepted: InstanceSyncState['notAccepted'];
  readonly acknowledgedAt: number | undefined;
}

export const INITIAL_STATE: ProviderManagerState = { instances: [], pending: 0, unknown: 0, notAccepted: 0, relayReachable: null, sessionExpired: false, ready: false };

/** Instances that are open, have pending changes, or were refused; open docs win over markers. */
export function instanceStates(markers: Iterable<[string, RelayMarker]>, open: ReadonlyMap<string, OpenDocView>): InstanceSyncState[] {
  const byId = new Map(markers);
  const ids = new Set([...byId.keys(), ...open.keys()]);
  const out: InstanceSyncState[] = [];
  for (const id of ids) {
    const m = open.get(id);
    const marker = byId.get(id);
    const pending = m?.pending ?? marker?.pending ?? 0;
    const refused = m?.refused ?? marker?.refused;
    const notAccepted = m?.notAccepted ?? marker?.notAccepted;
    const acknowledgedAt = m?.acknowledgedAt ?? (wasAcknowledged(marker) ? marker?.at : undefined);
    if (pending === 0 && m === undefined && refused === undefined) continue;
    out.push({
      instanceId: id,
      pending,
      mode: m?.mode ?? 'idle',
      connection: m?.connection ?? (refused ? 'refused' : 'closed'),
      ...(refused ? { refused } : {}),
      ...(notAccepted && pending !== 0 ? { notAccepted } : {}),
      ...(acknowledgedAt !== undefined ? { acknowledgedAt } : {}),
    });
  }
  return out;
}

/** The totals the header and the sign-out warning show (SPEC D2, D9). */
export function summarise(instances: readonly InstanceSyncState[], relayReachable: boolean | null, sessionExpired: boolean): ProviderManagerState {
  // Changes the relay will never take are not "waiting": they are counted apart, until the
  // user copies them into a new run or discards them.
  const waiting = instances.filter((i) => i.notAccepted === undefined);
  return {
    instances,
    pending: waiting.reduce((sum, i) => sum + Math.max(0, i.pending), 0),
    unknown: waiting.filter((i) => i.pending === UNKNOWN_PENDING).length,
    notAccepted: instances.filter((i) => i.notAccepted !== undefined && i.notAccepted.resolved === undefined).reduce((sum, i) => sum + Math.max(1, i.pending), 0),
    relayReachable,
    sessionExpired,
    ready: true,
  };
}

export interface SyncStatePublisher {
  readonly store: ValueStore<ProviderManagerState>;
  /** Recompute and publish at the end of this microtask (many changes, one notification). */
  readonly notify: () => void;
}

export function createSyncStatePublisher(compute: () => ProviderManagerState): SyncStatePublisher {
  const store = createValueStore(INITIAL_STATE);
  let queued = false;
  return {
    store,
    notify() {
      if (queued) return;
      queued = true;
      queueMicrotask(() => {
        queued = false;
        store.set(compute());
      });
    },
  };
}
