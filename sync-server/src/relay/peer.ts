/** The core's state for one connection: its room membership, limits and what it was told. */
import { AnswerThrottle } from './answer-throttle';
import type { RelayClock } from './clock';
import { TRANSIENT_CLOSE } from './protocol';
import type { Access, Principal, RelayLogger, RelaySettings } from './options';
import type { TokenBucket } from './rate-limit';
import type { RoomPeer } from './room';

/** What the core needs from a socket. */
export interface Connection {
  send(bytes: Uint8Array): void;
  close(code: number, reason: string): void;
}

export { TRANSIENT_CLOSE } from './protocol';

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

/** What a peer needs from the core. */
export interface PeerCore {
  readonly logger: RelayLogger;
  receive(peer: Peer, frame: Uint8Array): void;
  leave(peer: Peer): void;
}

export class Peer implements RoomPeer, PeerHandle {
  readonly awarenessClients = new Set<number>();
  /** Frames received while the room loads; null once the room serves this peer. */
  backlog: Uint8Array[] | null = [];
  closed = false;
  warnedReadOnly = false;
  loggedPresenceDrop = false;
  toldWritesRefused = false;
  /** The connection got its first sync step 2 (the join's, not charged to its CPU budget: R18). */
  syncedOnce = false;
  /** CPU ms spent within the current frame that its budget is not charged for (the join answer, broadcasts). */
  uncharged = 0;
  /** One sync step 2 per interval (R18) and one presence answer per interval (R19). */
  readonly syncAnswers: AnswerThrottle;
  readonly presenceAnswers: AnswerThrottle;

  constructor(
    readonly connection: Connection,
    readonly request: JoinRequest,
    readonly bucket: TokenBucket,
    private readonly core: PeerCore,
    settings: Pick<RelaySettings, 'syncAnswerIntervalMs' | 'presence'>,
    clock: RelayClock,
    /** Cost budgets (R9); undefined when `budgets` is false. */
    readonly budget?: { readonly bytes: TokenBucket; readonly cpuMs: TokenBucket },
  ) {
    this.syncAnswers = new AnswerThrottle(settings.syncAnswerIntervalMs, clock);
    this.presenceAnswers = new AnswerThrottle(settings.presence.queryIntervalMs, clock);
  }

  get room(): string {
    return this.request.room;
  }
  get principal(): Principal {
    return this.request.principal;
  }
  get principalKey(): string {
    return `${this.principal.kind}:${this.principal.id}`;
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
    this.gone();
    try {
      this.connection.close(code, reason);
    } catch {
      // the socket is already gone
    }
  }

  disconnect(): void {
    if (this.closed) return;
    this.gone();
  }

  private gone(): void {
    this.closed = true;
    this.syncAnswers.cancel();
    this.presenceAnswers.cancel();
    this.core.leave(this);
  }
}
