import { z } from 'zod';

/**
 * What this device knows about the relay's durable copy of one instance doc, kept per instance
 * (Dexie kv `relay.sv.<instanceId>`, see relay-marker-store.ts) so "pending" stays truthful
 * across reloads and offline. SPEC D4.
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
export type RelayMarker = z.infer<typeof relayMarkerSchema>;
export type NotAccepted = NonNullable<RelayMarker['notAccepted']>;

/** Changes that can never reach the relay and that the user has not yet copied or discarded. */
export const isUnresolvedNotAccepted = (marker: Pick<RelayMarker, 'notAccepted' | 'pending'>): boolean =>
  marker.notAccepted !== undefined && marker.notAccepted.resolved === undefined && marker.pending !== 0;


/** The relay has acknowledged this instance at least once, so it knows the room (SPEC D6). */
export const wasAcknowledged = (marker: RelayMarker | undefined): boolean => (marker?.stateVector ?? '') !== '';
