import { fromBase64, toBase64 } from 'lib0/buffer';
import { z } from 'zod';
import type { FieldbookDB } from '../db';
import { kvSet } from '../db';
import { relayKey, RELAY_SV_PREFIX } from '../protocol';

/**
 * What this device knows about the relay's durable copy of one instance doc, kept in Dexie kv
 * under `relay.sv.<instanceId>` so "pending" stays truthful across reloads and offline.
 *
 * - `stateVector`: the relay's stored state vector (base64 of `Y.encodeStateVector`) from its
 *   last type-100 acknowledgement; '' when the relay never acknowledged this instance.
 * - `pending`: the changes (structs) the local doc had beyond it when last computed;
 *   `UNKNOWN_PENDING` (-1) when the doc changed without being measured (edited while no
 *   provider manager watched it): the doc must be opened to tell.
 * - `refused`: the relay closed the room permanently (4400–4499) and why.
 * - `notAccepted`: the relay holds the room read-only (the run was finished elsewhere) and told
 *   this device (message type 101) that changes it sent were dropped: they can never land.
 *   They stay in the local doc, readable; `resolved` records the user's choice (copied into a
 *   new run, or discarded), after which they no longer count as unsynced.
 */
export { relayKey, RELAY_SV_PREFIX };
export const UNKNOWN_PENDING = -1;

export const relayMarkerSchema = z.object({
  stateVector: z.string(),
  pending: z.number().int().min(UNKNOWN_PENDING),
  at: z.number(),
  refused: z.object({ code: z.number().int(), reason: z.string() }).optional(),
  notAccepted: z
    .object({
      at: z.number(),
      resolved: z.object({ how: z.enum(['copied', 'discarded']), at: z.number(), copyId: z.string().optional() }).optional(),
    })
    .optional(),
});
export type NotAccepted = NonNullable<RelayMarker['notAccepted']>;

/** Changes that can never reach the relay and that the user has not yet copied or discarded. */
export const isUnresolvedNotAccepted = (marker: Pick<RelayMarker, 'notAccepted' | 'pending'>): boolean =>
  marker.notAccepted !== undefined && marker.notAccepted.resolved === undefined && marker.pending !== 0;
export type RelayMarker = z.infer<typeof relayMarkerSchema>;

/** Every marker, by instance id (a prefix range of the kv primary key: index-served). */
export async function readRelayMarkers(db: FieldbookDB): Promise<Map<string, RelayMarker>> {
  const rows = await db.kv.where('key').startsWith(RELAY_SV_PREFIX).toArray();
  const out = new Map<string, RelayMarker>();
  for (const row of rows) {
    const parsed = relayMarkerSchema.safeParse(row.value);
    if (parsed.success) out.set(row.key.slice(RELAY_SV_PREFIX.length), parsed.data);
  }
  return out;
}

export const writeRelayMarker = (db: FieldbookDB, instanceId: string, marker: RelayMarker): Promise<void> => kvSet(db, relayKey(instanceId), marker);

/** A decoded state vector: client id -> number of structs (clock) known from that client. */
export type StateVector = ReadonlyMap<number, number>;

/**
 * Changes the local doc has that the relay's stored copy lacks: the sum over clients of
 * `max(0, local[client] - relay[client])`. Clients only the relay knows (others' edits not yet
 * received here) do not count: they are not ours to lose.
 * A change that only deletes (no new struct) does not move a state vector, so the completion
 * model adds a struct to every local edit that deletes (completion SPEC R16): toggles and
 * answers append an entry, delete-only note edits bump a `noteEdits` counter.
 */
export function missingChanges(local: StateVector, relay: StateVector | undefined): number {
  let missing = 0;
  for (const [client, clock] of local) missing += Math.max(0, clock - (relay?.get(client) ?? 0));
  return missing;
}

export const encodeVector = (bytes: Uint8Array): string => (bytes.length === 0 ? '' : toBase64(bytes));
export const decodeVectorBytes = (text: string): Uint8Array => (text === '' ? new Uint8Array() : fromBase64(text));
