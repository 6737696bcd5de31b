import type { FieldbookDB } from '../../db';
import { kvSet } from '../../db';
import { relayMarkerSchema } from './relay-marker';
import type { RelayMarker } from './relay-marker';
import { RELAY_SV_PREFIX, relayKey } from '../../protocol';

/**
 * The port for the relay's stored-state markers (SPEC D4): one marker per instance. The
 * provider manager keeps them all in memory and writes through; the flusher (F1) and the sync
 * status read them. Contract: `relay-marker-store.contract.ts`.
 */
export interface RelayMarkerStore {
  /** Every marker, by instance id. Stored rows that do not parse are left out. */
  readAll(): Promise<Map<string, RelayMarker>>;
  /** One instance's marker; undefined when there is none (or it does not parse). */
  read(instanceId: string): Promise<RelayMarker | undefined>;
  /** Replace the instance's marker; durable when the promise resolves. */
  write(instanceId: string, marker: RelayMarker): Promise<void>;
}

/** Every marker in kv, by instance id (a prefix range of the kv primary key: index-served). */
export async function readRelayMarkers(db: FieldbookDB): Promise<Map<string, RelayMarker>> {
  const rows = await db.kv.where('key').startsWith(RELAY_SV_PREFIX).toArray();
  const out = new Map<string, RelayMarker>();
  for (const row of rows) {
    // Parse once where data enters (ARCHITECTURE invariant 1): rows from older builds may differ.
    const parsed = relayMarkerSchema.safeParse(row.value);
    if (parsed.success) out.set(row.key.slice(RELAY_SV_PREFIX.length), parsed.data);
  }
  return out;
}

export const writeRelayMarker = (db: FieldbookDB, instanceId: string, marker: RelayMarker): Promise<void> => kvSet(db, relayKey(instanceId), marker);

/** The Dexie adapter: kv rows `relay.sv.<instanceId>` in the person's database. */
export function dexieRelayMarkerStore(db: FieldbookDB): RelayMarkerStore {
  return {
    readAll: () => readRelayMarkers(db),
    async read(instanceId) {
      const row = await db.kv.get(relayKey(instanceId));
      const parsed = relayMarkerSchema.safeParse(row?.value);
      return parsed.success ? parsed.data : undefined;
    },
    write: (instanceId, marker) => writeRelayMarker(db, instanceId, marker),
  };
}

/** An in-memory adapter (tests, and the reference the contract suite is checked against). */
export function memoryRelayMarkerStore(): RelayMarkerStore {
  const rows = new Map<string, RelayMarker>();
  return {
    readAll: () => Promise.resolve(new Map([...rows].map(([id, marker]) => [id, structuredClone(marker)]))),
    read: (instanceId) => {
      const marker = rows.get(instanceId);
      return Promise.resolve(marker === undefined ? undefined : structuredClone(marker));
    },
    write: (instanceId, marker) => {
      rows.set(instanceId, structuredClone(marker));
      return Promise.resolve();
    },
  };
}
