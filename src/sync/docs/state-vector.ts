import { fromBase64, toBase64 } from 'lib0/buffer';

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

/** The kv text of a relay state vector: '' stands for "never acknowledged". */
export const encodeVector = (bytes: Uint8Array): string => (bytes.length === 0 ? '' : toBase64(bytes));
export const decodeVectorBytes = (text: string): Uint8Array => (text === '' ? new Uint8Array() : fromBase64(text));
