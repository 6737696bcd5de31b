/**
 * One live room: its Y.Doc (loaded fully from the store before anyone syncs), presence,
 * connected peers and durable write path. Broadcasts are encoded once and the same buffer
 * goes to every receiver.
 */
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { encodeAwareness, encodeStored, encodeUpdate } from './protocol';
import { RoomWriter } from './room-writer';
import { applyStoredRows, quarantineRows } from './stored-rows';
import type { RelayHooks, RelayLogger, RelaySettings } from './options';

/** What a room needs from a connected peer. */
export interface RoomPeer {
  readonly ackStored: boolean;
  /** Awareness client ids this peer controls, removed when it leaves. */
  readonly awarenessClients: Set<number>;
  send(bytes: Uint8Array): void;
}

export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness: Awareness | undefined;
  readonly peers = new Set<RoomPeer>();
  /** Resolves once stored updates are applied; the room serves nobody before that. */
  readonly ready: Promise<void>;
  writer: RoomWriter | undefined;
  evictTimer: NodeJS.Timeout | undefined;
  destroyed = false;

  constructor(
    readonly name: string,
    private readonly hooks: RelayHooks,
    private readonly settings: RelaySettings,
    private readonly log: RelayLogger,
    now: () => number,
  ) {
    if (settings.awareness) {
      this.awareness = new Awareness(this.doc);
      this.awareness.setLocalState(null);
      this.awareness.on('update', this.onAwarenessUpdate);
    }
    this.ready = this.load(now);
  }

  private async load(now: () => number): Promise<void> {
    // R17: a row that does not load is quarantined; the room loads from the rest.
    const { kept: rows, refused } = applyStoredRows(this.doc, await this.hooks.loadRoom(this.name));
    const allMoved = refused.length === 0 || (await quarantineRows(this.hooks, this.name, refused, this.log));
    this.writer = new RoomWriter(this.name, this.doc, this.hooks, this.settings, this.log, now, this.onStored, rows.length, rows.reduce((sum, row) => sum + row.byteLength, 0));
    this.writer.keepsUnloadableRows = !allMoved;
    // Registered after the load so stored rows are not stored again.
    this.doc.on('update', this.onDocUpdate);
  }

  /** Every change of the doc: broadcast to everyone but its origin, and queue it for storage. */
  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    const frame = encodeUpdate(update);
    for (const peer of this.peers) if (peer !== origin) peer.send(frame);
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
    origin: unknown,
  ): void => {
    const awareness = this.awareness;
    if (!awareness) return;
    const owner = this.peers.has(origin as RoomPeer) ? (origin as RoomPeer) : undefined;
    if (owner) {
      for (const id of added) owner.awarenessClients.add(id);
      for (const id of removed) owner.awarenessClients.delete(id);
    }
    const frame = encodeAwareness(encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed]));
    for (const peer of this.peers) peer.send(frame);
  };

  /** The current presence of the room as one frame, or undefined when nobody is present. */
  awarenessFrame(): Uint8Array | undefined {
    const states = this.awareness?.getStates();
    if (!this.awareness || !states || states.size === 0) return undefined;
    return encodeAwareness(encodeAwarenessUpdate(this.awareness, [...states.keys()]));
  }

  destroy(): void {
    this.destroyed = true;
    if (this.evictTimer) clearTimeout(this.evictTimer);
    this.awareness?.destroy();
    this.doc.destroy();
  }
}
