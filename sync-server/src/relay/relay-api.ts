/** What the relay core offers its shell and the server (CONVENTIONS 5); built by `createRelay` in core.ts. */
import type * as Y from 'yjs';
import type { Authorization, AuthorizeRequest, RelayLogger, RelaySettings } from './options';
import type { Connection, JoinRequest, PeerHandle, PeerInfo } from './peer';

export interface RelayStats {
  rooms: number;
  connections: number;
  droppedReadOnlyFrames: number;
  refusedFrames: number;
  storeCommits: number;
  /** Sync step 2 answers encoded from the doc (the rest came from a room's cache, R18). */
  syncStateEncodes: number;
  /** Sync step 2 answers sent. */
  syncAnswers: number;
  /** Awareness entries dropped: another connection's id, or the room was full (R19). */
  droppedPresenceStates: number;
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
  drain(): Promise<void>;
  stats(): RelayStats;
  /** Refuse new connections, close open ones (1001), store and compact every room. */
  close(): Promise<void>;
}
