/**
 * The relay's acknowledgement of durable storage, and what one doc's pending count is measured
 * against (SPEC D1–D3, D9). With `?ack=1` the relay sends message type 100 with the state vector
 * it has stored (after sync step 1 and after every store commit, relay SPEC R3), and type 101
 * once when it drops a read-only connection's writes (relay SPEC R6).
 */
import * as Y from 'yjs';
import type { NotAccepted, RelayMarker } from './relay-marker';
import { wasAcknowledged } from './relay-marker';
import { decodeVectorBytes, encodeVector, missingChanges } from './state-vector';
import type { StateVector } from './state-vector';

/** A state vector from the relay, or undefined when the bytes do not decode (dropped, D3). */
export function decodeStoredVector(bytes: Uint8Array): StateVector | undefined {
  try {
    return Y.decodeStateVector(bytes);
  } catch {
    return undefined;
  }
}

/** Local structs the relay's stored vector lacks (see `missingChanges`). */
export function pendingAgainst(doc: Y.Doc, relay: StateVector | undefined): number {
  return missingChanges(Y.decodeStateVector(Y.encodeStateVector(doc)), relay);
}

/**
 * What the relay has stored of one open doc, and so how many of its changes are pending.
 * A reader run (someone else's, opened read-only) is never pending (D8).
 */
export class StoredAck {
  relaySv: StateVector | undefined;
  relayBytes: Uint8Array | undefined;
  /** When the relay last acknowledged this doc, epoch ms. */
  acknowledgedAt: number | undefined;
  pending: number;
  /** The relay said it drops what this device sends (read-only room, type 101). */
  readOnlyRoom = false;
  /** Changes the stored state vector lacks while the room is read-only: they cannot land. */
  notAccepted: NotAccepted | undefined;

  constructor(
    private readonly doc: Y.Doc,
    readonly reader: boolean,
    marker: RelayMarker | undefined,
  ) {
    const known = !reader && wasAcknowledged(marker) ? marker : undefined;
    this.relayBytes = known ? decodeVectorBytes(known.stateVector) : undefined;
    this.relaySv = this.relayBytes ? decodeStoredVector(this.relayBytes) : undefined;
    this.acknowledgedAt = known?.at;
    this.notAccepted = reader ? undefined : marker?.notAccepted;
    this.pending = reader ? 0 : pendingAgainst(doc, this.relaySv);
  }

  /** Measure the doc again (after a local update); true when the count changed. */
  measure(): boolean {
    if (this.reader) return false;
    const next = pendingAgainst(this.doc, this.relaySv);
    if (next === this.pending) return false;
    this.pending = next;
    return true;
  }

  /** A type-100 acknowledgement; false when its vector does not decode (nothing changes, D3). */
  acknowledge(bytes: Uint8Array, at: number): boolean {
    const sv = decodeStoredVector(bytes);
    if (sv === undefined) return false;
    this.relaySv = sv;
    this.relayBytes = bytes;
    this.acknowledgedAt = at;
    this.pending = this.reader ? 0 : pendingAgainst(this.doc, sv);
    return true;
  }

  /** Type 101: the room is read-only for this device. */
  writesRefused(): void {
    this.readOnlyRoom = true;
  }

  /**
   * Read-only room and changes beyond the stored vector: those changes will never land (D9).
   * True when that holds now (the first time records when).
   */
  checkNotAccepted(at: number): boolean {
    if (!this.readOnlyRoom || this.pending === 0 || this.relaySv === undefined) return false;
    this.notAccepted ??= { at };
    return true;
  }

  /** The marker to keep for this doc; fields the relay never told us come from `previous`. */
  marker(previous: RelayMarker | undefined, at: number, refused: RelayMarker['refused']): RelayMarker {
    return {
      stateVector: this.relayBytes ? encodeVector(this.relayBytes) : (previous?.stateVector ?? ''),
      pending: this.pending,
      at: this.acknowledgedAt ?? previous?.at ?? at,
      ...(refused ? { refused } : {}),
      ...(this.notAccepted ? { notAccepted: this.notAccepted } : {}),
    };
  }
}
