/**
 * Transport-free relay core (CONVENTIONS 5). The shell hands it authorized connections and raw
 * frames; the core owns rooms, the y-websocket protocol, persistence through hooks, and every
 * close decision. Rules are numbered in SPEC.md.
 */
import * as Y from 'yjs';
import { removeAwarenessStates } from 'y-protocols/awareness';
import { CLOSE_CODES } from '../../../src/protocol';
import { encodeStored, encodeSyncStep1, encodeWritesRefused, isValidRoomName, parseFrame } from './protocol';
import type { IncomingMessage } from './protocol';
import { isDecodableUpdate } from './doc-state';
import { RELAY_DEFAULTS, stderrLogger } from './options';
import type { Authorization, AuthorizeRequest, RelayHooks, RelayLogger, RelayOptions, RelaySettings } from './options';
import type { AnswerThrottle } from './answer-throttle';
import { Peer, TRANSIENT_CLOSE } from './peer';
import type { Connection, JoinRequest, PeerCore, PeerHandle, PeerInfo } from './peer';
import { releasePresence } from './presence';
import { applyPresenceFrame } from './presence-frame';
import { TokenBucket } from './rate-limit';
import type { Relay, RelayStats } from './relay-api';
import type { Room } from './room';
import { RoomRegistry } from './room-registry';
import { systemClock } from './clock';
import type { RelayClock } from './clock';
import { writeRefusal } from './room-writer';
import type { Refusal } from './room-writer';

export { TRANSIENT_CLOSE } from './peer';
export type { Connection, JoinRequest, PeerHandle, PeerInfo } from './peer';
export type { Relay, RelayStats } from './relay-api';

class RelayCore implements Relay, PeerCore {
  readonly settings: RelaySettings;
  readonly logger: RelayLogger;
  private readonly clock: RelayClock;
  private readonly rooms: RoomRegistry;
  private closing = false;
  private readonly counters = { droppedReadOnlyFrames: 0, refusedFrames: 0, storeCommits: 0, syncStateEncodes: 0, syncAnswers: 0, droppedPresenceStates: 0 };

  constructor(
    private readonly hooks: RelayHooks,
    options: RelayOptions,
  ) {
    const { logger, now, clock, ...settings } = options;
    this.settings = { ...RELAY_DEFAULTS, ...settings };
    this.logger = logger ?? stderrLogger;
    this.clock = { ...systemClock, ...(now ? { now } : {}), ...clock };
    const onStored = hooks.onStored?.bind(hooks);
    this.hooks = {
      ...hooks,
      onStored: (room, stateVector) => {
        this.counters.storeCommits++;
        onStored?.(room, stateVector);
      },
    };
    this.rooms = new RoomRegistry(this.hooks, this.settings, this.logger, this.clock);
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
    const now = (): number => this.clock.now();
    // CPU ms are measured on the real clock (clock.ts), so their bucket refills on it too.
    const budget = budgets
      ? { bytes: new TokenBucket(budgets.bytesPerSecond, budgets.burstBytes, now), cpuMs: new TokenBucket(budgets.cpuMsPerSecond, budgets.burstCpuMs, () => performance.now()) }
      : undefined;
    const peer = new Peer(connection, request, new TokenBucket(rateLimit.messagesPerSecond, rateLimit.burst, now), this, this.settings, this.clock, budget);
    if (this.closing) {
      peer.close(TRANSIENT_CLOSE.goingAway, 'relay shutting down');
      return peer;
    }
    const room = this.rooms.open(request.room);
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
    this.charged(peer, () => this.handleFrame(room, peer, frame));
  }

  /** Run `work` for `peer` and charge its CPU time to the peer's budget (R9). */
  private charged(peer: Peer, work: () => void): void {
    const started = performance.now();
    peer.uncharged = 0;
    work();
    const cost = performance.now() - started - peer.uncharged;
    // R9: the cost is known only afterwards; the frame that overdraws the budget is the last.
    if (peer.budget && !peer.closed && !peer.budget.cpuMs.spend(cost)) {
      this.refuse(peer, CLOSE_CODES.rateLimited, 'over CPU budget');
    }
  }

  /**
   * Answer within the frame that asked (already timed), or at the end of the interval; the
   * deferred answer is timed and charged to the peer's CPU budget on its own.
   */
  private throttled(peer: Peer, throttle: AnswerThrottle, answer: () => void): void {
    let deferred = false;
    deferred = throttle.request(() => (deferred ? this.charged(peer, answer) : answer())) === 'deferred';
  }

  /** R18: sync step 2 from the room's cache, at most once per interval per connection. */
  private answerSyncStep1(room: Room, peer: Peer, stateVector: Uint8Array): Refusal | undefined {
    try {
      // Refused now, not when a deferred answer runs.
      Y.decodeStateVector(stateVector);
    } catch {
      return { code: CLOSE_CODES.badMessage, reason: 'bad state vector' };
    }
    this.throttled(peer, peer.syncAnswers, () => {
      if (peer.closed || room.destroyed) return;
      let reply: { frame: Uint8Array; encoded: boolean };
      const started = performance.now();
      try {
        reply = room.syncStep2(stateVector);
        // The join's answer costs what the room's size (capped, R12) makes it cost: a
        // connection is not closed for joining a big room. Later answers are charged.
        if (!peer.syncedOnce) peer.uncharged += performance.now() - started;
        peer.syncedOnce = true;
      } catch {
        this.refuse(peer, CLOSE_CODES.badMessage, 'bad state vector');
        return;
      }
      if (reply.encoded) this.counters.syncStateEncodes++;
      this.counters.syncAnswers++;
      peer.send(reply.frame);
    });
    return undefined;
  }

  private handleFrame(room: Room, peer: Peer, frame: Uint8Array): void {
    const parsed = parseFrame(frame);
    if (!parsed.ok) return this.refuse(peer, CLOSE_CODES.badMessage, parsed.reason);
    if (parsed.message.kind === 'sync-update' && peer.access === 'read-write' && room.writer) {
      const refusal = writeRefusal(room.writer, parsed.message.update, this.settings.maxRoomBytes);
      if (refusal) return this.refuse(peer, refusal.code, refusal.reason);
    }
    const refusal = this.apply(room, peer, parsed.message);
    if (refusal) this.refuse(peer, refusal.code, refusal.reason);
  }

  /** Apply one parsed message; returns why the connection must close, if it must. */
  private apply(room: Room, peer: Peer, message: IncomingMessage): Refusal | undefined {
    const bad = (reason: string): Refusal => ({ code: CLOSE_CODES.badMessage, reason });
    switch (message.kind) {
      case 'sync-step1':
        return this.answerSyncStep1(room, peer, message.stateVector);
      case 'sync-update': {
        if (peer.access === 'read-only') return this.dropReadOnlyWrite(room, peer);
        // R8: Y.applyUpdate integrates structs before it reads the delete set, so a damaged
        // update would be half applied, broadcast and stored before it throws. Decode it whole first.
        if (!isDecodableUpdate(message.update)) return bad('update could not be decoded');
        try {
          // Broadcast and storage happen in the doc's update event (room.ts).
          Y.applyUpdate(room.doc, message.update, peer);
        } catch {
          return bad('update could not be applied');
        }
        // Nothing new or everything already stored: tell the sender where the relay stands.
        if (peer.ackStored && room.writer?.idle) peer.send(encodeStored(room.writer.storedStateVector));
        return undefined;
      }
      case 'awareness':
        return this.applyPresence(room, peer, message.update);
      case 'query-awareness': {
        // R19: one answer per interval, from the room's cached presence frame.
        this.throttled(peer, peer.presenceAnswers, () => {
          const presence = room.destroyed ? undefined : room.awarenessFrame();
          if (presence) peer.send(presence);
        });
        return undefined;
      }
    }
  }

  /**
   * R6: read-only peers receive, never write. A client that asked for acks learns once that
   * what it sends is dropped: whatever its own state vector has beyond the stored one (type
   * 100) will never land, and it can say so instead of "waiting" forever.
   */
  private dropReadOnlyWrite(room: Room, peer: Peer): undefined {
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

  /** R19, in presence-frame.ts; the core counts what it dropped. */
  private applyPresence(room: Room, peer: Peer, update: Uint8Array): Refusal | undefined {
    const result = applyPresenceFrame(room, peer, update, this.settings.presence, this.logger);
    if ('refusal' in result) return result.refusal;
    this.counters.droppedPresenceStates += result.dropped;
    return undefined;
  }

  private refuse(peer: Peer, code: number, reason: string): void {
    this.counters.refusedFrames++;
    this.logger.warn({ room: peer.room, principal: peer.principal.id, code, reason }, 'closing connection');
    peer.close(code, reason);
  }

  leave(peer: Peer): void {
    const room = this.rooms.get(peer.room);
    if (!room || !room.peers.delete(peer)) return;
    const held = releasePresence([...peer.awarenessClients], peer, room);
    if (room.awareness && held.length > 0) removeAwarenessStates(room.awareness, held, null);
    if (room.peers.size === 0 && !this.closing) this.rooms.scheduleEviction(room);
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

  drain(): Promise<void> {
    return this.rooms.drain();
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
    await this.rooms.closeAll();
  }
}

export function createRelay(hooks: RelayHooks, options: RelayOptions = {}): Relay {
  return new RelayCore(hooks, options);
}
