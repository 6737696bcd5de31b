import type { Server } from 'node:http';
import Database from 'better-sqlite3';
import { isFinished } from '../../../src/domain';
import { CLOSE_CODES, roomOfInstance } from '../../../src/protocol';
import type { Instance } from '../../../src/domain';
import type { IncomingMessage } from 'node:http';
import { attachRelay, createRelay, createSqliteStore, limitRepeatedLines } from '../relay';
import type { AuthorizeRequest, Authorization, Relay, RelayLogger, RelaySettings } from '../relay';

export interface RoomRelayOptions {
  /** The HTTP server whose `upgrade` events carry `/yjs/<room>`. */
  readonly server: Server;
  /** The relay's SQLite file (the same one the HTTP API uses). */
  readonly databaseFile: string;
  readonly authorize: (request: AuthorizeRequest) => Promise<Authorization>;
  readonly logger: RelayLogger;
  readonly settings?: Partial<RelaySettings>;
  /** The client's address for the per-address connection limits (honours `TRUST_PROXY`). */
  readonly clientAddress?: (request: IncomingMessage) => string;
  /** Similar warnings and errors are written once per this many ms, with a count of the rest (0: every line). */
  readonly logRepeatMs: number;
}

export interface RoomRelay {
  readonly relay: Relay;
  /**
   * The instance was just written: if it is finished, close its read-write connections with
   * `CLOSE_CODES.accessChanged` (not permanent), so clients reconnect and come back read-only.
   * Returns how many were closed.
   */
  instanceWritten(instance: Instance): number;
  /** Close every recipient connection whose grant came from `linkId` with 4410. Returns how many. */
  closeLink(linkId: string, reason: string): number;
  /**
   * Close recipient connections whose link `isGone` (expired or revoked) with 4410; `isGone`
   * is asked once per distinct link among the open connections. Returns how many were closed.
   */
  closeGoneLinks(isGone: (linkIds: readonly string[]) => ReadonlySet<string>): number;
  /** Close every member socket whose token expired by `now` with 4401 (the client refreshes and reconnects). */
  closeExpiredTokens(now: number): number;
  /** Close every socket of this member with 4401 (signed out by an admin). Returns how many. */
  closeUser(userId: string, reason: string): number;
  /** Stop upgrades, close sockets (1001) and store every room. The database stays open. */
  stop(): Promise<void>;
  /** Close the relay's own database connection; after `stop`. */
  closeDatabase(): void;
}

/**
 * The Yjs websocket relay (src/relay) wired into the server: its SQLite store gets its own
 * connection to the database file, because the store switches that connection to
 * `synchronous = FULL` (an acknowledged Yjs update survives an OS crash) while the HTTP API
 * keeps NORMAL. Both connections live in this process and better-sqlite3 transactions are
 * synchronous, so the two never wait on each other's locks.
 */
export function startRoomRelay(options: RoomRelayOptions): RoomRelay {
  const db = new Database(options.databaseFile);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  const store = createSqliteStore(db);
  // One line per kind of refusal per interval, however many sockets a hostile client opens (SPEC R16).
  const logger = limitRepeatedLines(options.logger, { intervalMs: options.logRepeatMs });
  const relay = createRelay(
    { authorize: options.authorize, ...store },
    {
      logger,
      // Browsers see a refused handshake only as close code 1006 and retry it forever; a
      // completed upgrade closed with 4401/4403/4404 reaches the client, which stops (DESIGN §5).
      refuseWith: 'close',
      ...options.settings,
    },
  );
  const attachment = attachRelay(options.server, relay, options.clientAddress ? { clientAddress: options.clientAddress } : {});
  let stopping: Promise<void> | undefined;

  return {
    relay,
    instanceWritten(instance) {
      if (!isFinished(instance.status)) return 0;
      const room = roomOfInstance(instance.id);
      return relay.closeWhere(
        (peer) => peer.room === room && peer.access === 'read-write',
        CLOSE_CODES.accessChanged,
        'the instance is finished; reconnect read-only',
      );
    },
    closeLink(linkId, reason) {
      return relay.closeWhere((peer) => peer.principal.shareLinkId === linkId, CLOSE_CODES.linkGone, reason);
    },
    closeGoneLinks(isGone) {
      const linkIds: string[] = [];
      relay.closeWhere(
        (peer) => {
          if (peer.principal.shareLinkId !== undefined) linkIds.push(peer.principal.shareLinkId);
          return false;
        },
        CLOSE_CODES.linkGone,
        '',
      );
      if (linkIds.length === 0) return 0;
      const gone = isGone(linkIds);
      if (gone.size === 0) return 0;
      return relay.closeWhere(
        (peer) => peer.principal.shareLinkId !== undefined && gone.has(peer.principal.shareLinkId),
        CLOSE_CODES.linkGone,
        'this link has expired',
      );
    },
    closeExpiredTokens(now) {
      return relay.closeWhere(
        (peer) => peer.principal.kind === 'user' && peer.principal.expiresAt !== undefined && peer.principal.expiresAt <= now,
        CLOSE_CODES.unauthenticated,
        'the session token has expired; refresh it and reconnect',
      );
    },
    closeUser(userId, reason) {
      return relay.closeWhere((peer) => peer.principal.kind === 'user' && peer.principal.id === userId, CLOSE_CODES.unauthenticated, reason);
    },
    stop() {
      stopping ??= (async () => {
        attachment.detach();
        await relay.close();
        logger.stop();
      })();
      return stopping;
    },
    closeDatabase() {
      if (db.open) db.close();
    },
  };
}
