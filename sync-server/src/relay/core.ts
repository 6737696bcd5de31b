/**
 * Transport-free relay core (CONVENTIONS 5). The shell hands it authorized connections and raw
 * frames; the core owns rooms, the y-websocket protocol, persistence through hooks, and every
 * close decision. Rules are numbered in SPEC.md.
 */
import * as Y from 'yjs';
import { applyAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { CLOSE_CODES } from '../../../src/domain';
import { encodeAwareness, encodeStored, encodeSyncStep1, encodeSyncStep2, encodeWritesRefused, isValidRoomName, parseFrame } from './protocol';
import type { IncomingMessage } from './protocol';
import { encodeIntegratedState, isDecodableUpdate } from './doc-state';
import { RELAY_DEFAULTS, stderrLogger } from './options';
import type { Access, Authorization, AuthorizeRequest, Principal, RelayHooks, RelayLogger, RelayOptions, RelaySettings } from './options';
import { TokenBucket } from './rate-limit';
import { Room } from './room';
import type { RoomPeer } from './room';
import type { RoomWriter } from './room-writer';

/** What the core needs from a socket. */
export interface Connection {
  send(bytes: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** Close codes outside the 44xx range that the relay uses (transient: clients retry). */
export const TRANSIENT_CLOSE = { goingAway: 1001, internal: 1011, tryAgainLater: 1013 } as const;

export interface PeerInfo {
  readonly room: string;
  readonly principal: Principal;
  readonly access: Access;
}

export interface JoinRequest extends PeerInfo {
  /** The client understands `messageStored` (type 100); stock clients do not. */
  readonly ackStored: boolean;
}

/** The core's handle on one connection: feed it frames, tell it when the socket is gone. */
export interface PeerHandle extends PeerInfo {
  receive(frame: Uint8Array): void;
  /** The socket closed (idempotent). */
  disconnect(): void;
}

export interface RelayStats {
  rooms: number;
  connections: number;
  droppedReadOnlyFrames: number;
  refusedFrames: number;
  storeCommits: number;
}

export interface Relay {
  readonly settings: RelaySettings;
  readonly logger: RelayLogger;
  /** Check the room name, then the token (hook). Run before the websocket upgrade. */
  admit(request: AuthorizeRequest): Promise<Authorization>;
  /** Attach an admitted connection to its room (loading the room if needed). */
  join(connection: Connection, request: JoinRequest): PeerHandle;
  /** admit + join for callers without an upgrade step; refused connections are closed with the code. */
  connect(connection: Connection, request: AuthorizeRequest & { ackStored: boolean }): Promise<PeerHandle | undefined>;
  /** Close every connection matching `predicate` (e.g. all sessions of a revoked link, 4410). */
  closeWhere(predicate: (peer: PeerInfo) => boolean, code: number, reason: string): number;
  /** The live doc of a loaded room (tests, diagnostics). */
  roomDoc(room: string): Y.Doc | undefined;
  /** Resolves when everything received so far is stored. */
  flush(): Promise<void>;
  stats(): RelayStats;
  /** Refuse new connections, close open ones (1001), store and compact every room. */
  close(): Promise<void>;
}

class Peer implements RoomPeer, PeerHandle {
  readonly awarenessClients = new Set<number>();
  /** Frames received while the room loads; null once the room serves this peer. */
  backlog: Uint8Array[] | null = [];
  closed = false;
  warnedReadOnly = false;
  toldWritesRefused = false;

  constructor(
    readonly connection: Connection,
    readonly request: JoinRequest,
    readonly bucket: TokenBucket,
    private readonly core: RelayCore,
    /** Cost budgets (R9); undefined when `budgets` is false. */
    readonly budget?: { readonly bytes: TokenBucket; readonly cpuMs: TokenBucket },
  ) {}

  get room(): string {
    return this.request.room;
  }
  get principal(): Principal {
    return this.request.principal;
  }
  get access(): Access {
    return this.request.access;
  }
  get ackStored(): boolean {
    return this.request.ackStored;
  }

  send(bytes: Uint8Array): void {
    if (this.closed) return;
    try {
      this.connection.send(bytes);
    } catch (error) {
      this.core.logger.warn({ room: this.room, principal: this.principal.id, err: String(error) }, 'send failed; dropping connection');
      this.close(TRANSIENT_CLOSE.internal, 'send failed');
    }
  }

  receive(frame: Uint8Array): void {
    this.core.receive(this, frame);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.core.leave(this);
    try {
      this.connection.close(code, reason);
    } catch {
      // the socket is already gone
    }
  }

  disconnect(): void {
    if (this.closed) return;
    this.closed = true;
    this.core.leave(this);
  }
}

/** An empty update (`[0, 0]`: no structs, no deletes) is what a client with nothing new sends as sync step 2. */
const EMPTY_UPDATE_BYTES = 2;

/**
 * Writes the room cannot take now: storage is failing (R13: 1013, the client keeps its edits and
 * retries; this bounds the in-memory queue) or the room would pass its size cap (R12: 4413).
 */
function writeRefusal(writer: RoomWriter, update: Uint8Array, maxRoomBytes: number): { code: number; reason: string } | undefined {
  if (update.byteLength <= EMPTY_UPDATE_BYTES) return undefined;
  if (writer.failing) return { code: TRANSIENT_CLOSE.tryAgainLater, reason: 'storage unavailable; retry later' };
  if (maxRoomBytes > 0 && writer.sizeBytes + update.byteLength > maxRoomBytes) return { code: CLOSE_CODES.tooLarge, reason: `room over ${maxRoomBytes} bytes` };
  return undefined;
}

class RelayCore implements Relay {
  readonly settings: RelaySettings;
  readonly logger: RelayLogger;
  private readonly now: () => number;
  /** Room name -> live room. A Map, so no room name can collide with object keys. */
  private readonly rooms = new Map<string, Room>();
  private closing = false;
  private readonly counters = { droppedReadOnlyFrames: 0, refusedFrames: 0, storeCommits: 0 };

  constructor(
    private readonly hooks: RelayHooks,
    options: RelayOptions,
  ) {
    const { logger, now, ...settings } = options;
    this.settings = { ...RELAY_DEFAULTS, ...settings };
    this.logger = logger ?? stderrLogger;
    this.now = now ?? (() => performance.now());
    const onStored = hooks.onStored?.bind(hooks);
    this.hooks = {
      ...hooks,
      onStored: (room, stateVector) => {
        this.counters.storeCommits++;
        onStored?.(room, stateVector);
      },
    };
  }

  async admit(request: AuthorizeRequest): Promise<Authorization> {
    if (this.closing) return { ok: false, code: TRANSIENT_CLOSE.goingAway, reason: 'relay shutting down' };
    if (!isValidRoomName(request.room)) return { ok: false, code: CLOSE_CODES.unknownRoom, reason: 'unknown room' };
    try {
      return await this.hooks.authorize(request);
    } catch (error) {
      this.logger.error({ room: request.room, err: String(error) }, 'authorize hook threw');
      return { ok: false, code: TRANSIENT_CLOSE.internal, reason: 'authorization unavailable' };
    }
  }

  async connect(connection: Connection, request: AuthorizeRequest & { ackStored: boolean }): Promise<PeerHandle | undefined> {
    const admission = await this.admit(request);
    if (!admission.ok) {
      connection.close(admission.code, admission.reason);
      return undefined;
    }
    return this.join(connection, { room: request.room, principal: admission.principal, access: admission.access, ackStored: request.ackStored });
  }

  join(connection: Connection, request: JoinRequest): PeerHandle {
    const { rateLimit, budgets } = this.settings;
    const clock = (): number => performance.now();
    const budget = budgets
      ? { bytes: new TokenBucket(budgets.bytesPerSecond, budgets.burstBytes, this.now), cpuMs: new TokenBucket(budgets.cpuMsPerSecond, budgets.burstCpuMs, clock) }
      : undefined;
    const peer = new Peer(connection, request, new TokenBucket(rateLimit.messagesPerSecond, rateLimit.burst, this.now), this, budget);
    if (this.closing) {
      peer.close(TRANSIENT_CLOSE.goingAway, 'relay shutting down');
      return peer;
    }
    const room = this.openRoom(request.room);
    if (room.evictTimer) clearTimeout(room.evictTimer);
    room.evictTimer = undefined;
    room.peers.add(peer);
    // Routine and per connection: debug, so a flood of joins does not flood the log (SPEC R10).
    this.logger.debug?.({ room: room.name, principal: request.principal.id, access: request.access }, 'connection joined');
    if (room.writer) this.start(room, peer);
    else
      room.ready.then(
        () => this.start(room, peer),
        () => peer.close(TRANSIENT_CLOSE.internal, 'room could not be loaded'),
      );
    return peer;
  }

  private openRoom(name: string): Room {
    const existing = this.rooms.get(name);
    if (existing) return existing;
    const room = new Room(name, this.hooks, this.settings, this.logger, this.now);
    this.rooms.set(name, room);
    room.ready.catch((error: unknown) => {
      this.logger.error({ room: name, err: String(error) }, 'loading room failed');
      if (this.rooms.get(name) === room) this.rooms.delete(name);
      room.destroy();
    });
    return room;
  }

  /** The room is loaded: sync step 1 (R1), presence, the stored state vector, then the backlog. */
  private start(room: Room, peer: Peer): void {
    if (peer.closed || !room.writer) return;
    peer.send(encodeSyncStep1(Y.encodeStateVector(room.doc)));
    const presence = room.awarenessFrame();
    if (presence) peer.send(presence);
    if (peer.ackStored) peer.send(encodeStored(room.writer.storedStateVector));
    const backlog = peer.backlog ?? [];
    peer.backlog = null;
    for (const frame of backlog) {
      if (peer.closed) break;
      this.handle(room, peer, frame);
    }
  }

  receive(peer: Peer, frame: Uint8Array): void {
    if (peer.closed) return;
    if (frame.byteLength > this.settings.maxFrameBytes) return this.refuse(peer, CLOSE_CODES.tooLarge, `frame over ${this.settings.maxFrameBytes} bytes`);
    if (!peer.bucket.take()) return this.refuse(peer, CLOSE_CODES.rateLimited, 'too many messages');
    if (peer.budget && !peer.budget.bytes.take(frame.byteLength)) return this.refuse(peer, CLOSE_CODES.rateLimited, 'over byte budget');
    if (peer.backlog) {
      peer.backlog.push(frame);
      return;
    }
    const room = this.rooms.get(peer.room);
    if (room) this.handle(room, peer, frame);
  }

  private handle(room: Room, peer: Peer, frame: Uint8Array): void {
    const started = performance.now();
    this.handleFrame(room, peer, frame);
    // R9: the cost is known only afterwards; the frame that overdraws the budget is the last.
    if (peer.budget && !peer.closed && !peer.budget.cpuMs.spend(performance.now() - started)) {
      this.refuse(peer, CLOSE_CODES.rateLimited, 'over CPU budget');
    }
  }

  private handleFrame(room: Room, peer: Peer, frame: Uint8Array): void {
    const parsed = parseFrame(frame);
    if (!parsed.ok) return this.refuse(peer, CLOSE_CODES.badMessage, parsed.reason);
    if (parsed.message.kind === 'sync-update' && peer.access === 'read-write' && room.writer) {
      const refusal = writeRefusal(room.writer, parsed.message.update, this.settings.maxRoomBytes);
      if (refusal) return this.refuse(peer, refusal.code, refusal.reason);
    }
    const error = this.apply(room, peer, parsed.message);
    if (error !== undefined) this.refuse(peer, CLOSE_CODES.badMessage, error);
  }

  /** Apply one parsed message; returns a reason when the message is bad. */
  private apply(room: Room, peer: Peer, message: IncomingMessage): string | undefined {
    switch (message.kind) {
      case 'sync-step1': {
        let diff: Uint8Array;
        try {
          diff = encodeIntegratedState(room.doc, message.stateVector);
        } catch {
          return 'bad state vector';
        }
        peer.send(encodeSyncStep2(diff));
        return undefined;
      }
      case 'sync-update': {
        if (peer.access === 'read-only') {
          // R6: read-only peers receive, never write. A client that asked for acks learns once
          // that what it sends is dropped: whatever its own state vector has beyond the stored
          // one (type 100) will never land, and it can say so instead of "waiting" forever.
          this.counters.droppedReadOnlyFrames++;
          if (peer.ackStored && !peer.toldWritesRefused) {
            peer.toldWritesRefused = true;
            peer.send(encodeWritesRefused());
          }
          if (!peer.warnedReadOnly) {
            peer.warnedReadOnly = true;
            this.logger.warn({ room: room.name, principal: peer.principal.id }, 'dropping writes of a read-only connection');
          }
          return undefined;
        }
        // R8: Y.applyUpdate integrates structs before it reads the delete set, so a damaged
        // update would be half applied, broadcast and stored before it throws. Decode it whole first.
        if (!isDecodableUpdate(message.update)) return 'update could not be decoded';
        try {
          // Broadcast and storage happen in the doc's update event (room.ts).
          Y.applyUpdate(room.doc, message.update, peer);
        } catch {
          return 'update could not be applied';
        }
        // Nothing new or everything already stored: tell the sender where the relay stands.
        if (peer.ackStored && room.writer?.idle) peer.send(encodeStored(room.writer.storedStateVector));
        return undefined;
      }
      case 'awareness': {
        if (!room.awareness) {
          // Presence is off: echo to the sender only, which stock clients need as a keepalive.
          peer.send(encodeAwareness(message.update));
          return undefined;
        }
        try {
          applyAwarenessUpdate(room.awareness, message.update, peer);
        } catch {
          return 'bad awareness update';
        }
        return undefined;
      }
      case 'query-awareness': {
        const presence = room.awarenessFrame();
        if (presence) peer.send(presence);
        return undefined;
      }
    }
  }

  private refuse(peer: Peer, code: number, reason: string): void {
    this.counters.refusedFrames++;
    this.logger.warn({ room: peer.room, principal: peer.principal.id, code, reason }, 'closing connection');
    peer.close(code, reason);
  }

  leave(peer: Peer): void {
    const room = this.rooms.get(peer.room);
    if (!room || !room.peers.delete(peer)) return;
    if (room.awareness && peer.awarenessClients.size > 0) removeAwarenessStates(room.awareness, [...peer.awarenessClients], null);
    if (room.peers.size === 0 && !this.closing) {
      room.evictTimer = setTimeout(() => void this.evict(room), this.settings.evictIdleRoomAfterMs);
      room.evictTimer.unref();
    }
  }

  /** R7: an idle room is stored, compacted and dropped from memory, unless someone rejoined. */
  private async evict(room: Room): Promise<void> {
    room.evictTimer = undefined;
    try {
      await room.ready;
      await room.writer?.compactNow();
    } catch {
      return;
    }
    if (room.peers.size > 0 || room.evictTimer || this.rooms.get(room.name) !== room || !room.writer?.idle) return;
    this.rooms.delete(room.name);
    room.writer.stop();
    room.destroy();
  }

  closeWhere(predicate: (peer: PeerInfo) => boolean, code: number, reason: string): number {
    let closed = 0;
    for (const room of this.rooms.values()) {
      for (const peer of [...room.peers]) {
        if (!(peer instanceof Peer) || !predicate({ room: peer.room, principal: peer.principal, access: peer.access })) continue;
        peer.close(code, reason);
        closed++;
      }
    }
    return closed;
  }

  roomDoc(room: string): Y.Doc | undefined {
    const live = this.rooms.get(room);
    return live?.writer ? live.doc : undefined;
  }

  async flush(): Promise<void> {
    await Promise.all([...this.rooms.values()].map(async (room) => {
      await room.ready.catch(() => undefined);
      await room.writer?.drain();
    }));
  }

  stats(): RelayStats {
    let connections = 0;
    for (const room of this.rooms.values()) connections += room.peers.size;
    return { rooms: this.rooms.size, connections, ...this.counters };
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.closeWhere(() => true, TRANSIENT_CLOSE.goingAway, 'relay shutting down');
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    await Promise.all(rooms.map(async (room) => {
      if (room.evictTimer) clearTimeout(room.evictTimer);
      // A store that keeps failing (or never answers) must not hold the shutdown forever.
      let deadline: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((resolve) => {
        deadline = setTimeout(resolve, this.settings.shutdownStoreTimeoutMs);
      });
      const stored = (async () => {
        await room.ready;
        await room.writer?.compactNow();
      })();
      try {
        await Promise.race([stored, timedOut]);
      } catch (error) {
        this.logger.error({ room: room.name, err: String(error) }, 'storing room on shutdown failed');
      } finally {
        clearTimeout(deadline);
      }
      const lost = room.writer?.stop() ?? 0;
      if (lost > 0) this.logger.error({ room: room.name, updates: lost }, 'updates not stored at shutdown');
      room.destroy();
    }));
  }
}

export function createRelay(hooks: RelayHooks, options: RelayOptions = {}): Relay {
  return new RelayCore(hooks, options);
}
