/**
 * One live room: its Y.Doc (loaded fully from the store before anyone syncs), presence,
 * connected peers and durable write path. Broadcasts are encoded once and the same buffer
 * goes to every receiver.
 */
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { encodeIntegratedState } from './doc-state';
import { encodeAwareness, encodeStored, encodeSyncStep2, encodeUpdate } from './protocol';
import { RoomWriter } from './room-writer';
import { applyStoredRows, quarantineRows } from './stored-rows';
import type { RelayClock } from './clock';
import type { RelayHooks, RelayLogger, RelaySettings } from './options';
import type { PresenceHolder, PresenceRoom } from './presence';

/** What a room needs from a connected peer. */
export interface RoomPeer extends PresenceHolder {
  readonly ackStored: boolean;
  /** CPU ms spent within the peer's current frame that its budget is not charged for (R9). */
  uncharged: number;
  send(bytes: Uint8Array): void;
}

/** Sync step 2 answers kept per room (for distinct requested state vectors) until the doc changes. */
const SYNC_ANSWER_CACHE_ENTRIES = 4;

export class Room implements PresenceRoom {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness: Awareness | undefined;
  readonly peers = new Set<RoomPeer>();
  /** Resolves once stored updates are applied; the room serves nobody before that. */
  readonly ready: Promise<void>;
  writer: RoomWriter | undefined;
  evictTimer: unknown;
  destroyed = false;
  /** Awareness client id -> the peer that introduced it (SPEC R19). */
  readonly owners = new Map<number, RoomPeer>();
  /**
   * Encoded sync step 2 frames by requested state vector (SPEC R18): repeated requests for the
   * same state do not encode the doc again. Cleared on every change of the doc.
   */
  private readonly syncAnswers = new Map<string, Uint8Array>();
  /** The room's whole presence as one frame; cleared on every awareness update. */
  private presenceFrame: Uint8Array | null | undefined;

  constructor(
    readonly name: string,
    private readonly hooks: RelayHooks,
    private readonly settings: RelaySettings,
    private readonly log: RelayLogger,
    private readonly clock: RelayClock,
  ) {
    if (settings.awareness) {
      this.awareness = new Awareness(this.doc);
      this.awareness.setLocalState(null);
      this.awareness.on('update', this.onAwarenessUpdate);
    }
    this.ready = this.load();
  }

  private async load(): Promise<void> {
    // R17: a row that does not load is quarantined; the room loads from the rest.
    const { kept: rows, refused } = applyStoredRows(this.doc, await this.hooks.loadRoom(this.name));
    const allMoved = refused.length === 0 || (await quarantineRows(this.hooks, this.name, refused, this.log));
    this.writer = new RoomWriter(this.name, this.doc, this.hooks, this.settings, this.log, this.clock, this.onStored, rows.length, rows.reduce((sum, row) => sum + row.byteLength, 0));
    this.writer.keepsUnloadableRows = !allMoved;
    // Registered after the load so stored rows are not stored again.
    this.doc.on('update', this.onDocUpdate);
  }

  /** Every change of the doc: broadcast to everyone but its origin, and queue it for storage. */
  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.syncAnswers.clear();
    const started = performance.now();
    const frame = encodeUpdate(update);
    for (const peer of this.peers) if (peer !== origin) peer.send(frame);
    // R9: the sender pays for applying its update, not for the room's size: fan-out to every
    // peer is the relay's cost (bounded by the frame rate and byte budgets), not the sender's.
    if (this.peers.has(origin as RoomPeer)) (origin as RoomPeer).uncharged += performance.now() - started;
    this.writer?.enqueue(update);
  };

  private readonly onStored = (stateVector: Uint8Array): void => {
    let frame: Uint8Array | undefined;
    for (const peer of this.peers) {
      if (!peer.ackStored) continue;
      frame ??= encodeStored(stateVector);
      peer.send(frame);
    }
    try {
      this.hooks.onStored?.(this.name, stateVector);
    } catch (error) {
      this.log.error({ room: this.name, err: String(error) }, 'onStored hook threw');
    }
  };

  /** Presence goes to every peer, the sender included: stock clients count it as a keepalive. */
  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
  ): void => {
    const awareness = this.awareness;
    if (!awareness) return;
    this.presenceFrame = undefined;
    const frame = encodeAwareness(encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed]));
    for (const peer of this.peers) peer.send(frame);
  };

  /** The current presence of the room as one frame, or undefined when nobody is present. */
  awarenessFrame(): Uint8Array | undefined {
    if (this.presenceFrame !== undefined) return this.presenceFrame ?? undefined;
    const states = this.awareness?.getStates();
    this.presenceFrame = !this.awareness || !states || states.size === 0 ? null : encodeAwareness(encodeAwarenessUpdate(this.awareness, [...states.keys()]));
    return this.presenceFrame ?? undefined;
  }

  get stateCount(): number {
    return this.awareness?.getStates().size ?? 0;
  }

  get relayClientId(): number {
    return this.doc.clientID;
  }

  /**
   * Sync step 2 for a peer at `stateVector` (integrated state only, SPEC R11), from the cache
   * when the doc has not changed since it was encoded. Throws on a bad state vector.
   */
  syncStep2(stateVector: Uint8Array): { frame: Uint8Array; encoded: boolean } {
    const key = Buffer.from(stateVector.buffer, stateVector.byteOffset, stateVector.byteLength).toString('latin1');
    const cached = this.syncAnswers.get(key);
    if (cached) return { frame: cached, encoded: false };
    const frame = encodeSyncStep2(encodeIntegratedState(this.doc, stateVector));
    if (this.syncAnswers.size >= SYNC_ANSWER_CACHE_ENTRIES) this.syncAnswers.clear();
    this.syncAnswers.set(key, frame);
    return { frame, encoded: true };
  }

  destroy(): void {
    this.destroyed = true;
    this.syncAnswers.clear();
    if (this.evictTimer !== undefined) this.clock.clearTimer(this.evictTimer);
    this.evictTimer = undefined;
    this.awareness?.destroy();
    this.doc.destroy();
  }
}
