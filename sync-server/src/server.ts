import type { AddressInfo } from 'node:net';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { createAuthenticate } from './auth/authenticate';
import { loadOrCreateSecret } from './auth/secret';
import { createTokenService } from './auth/tokens';
import { DEFAULTS } from './config';
import path from 'node:path';
import { createChangeRepo } from './db/change-repo';
import { DATABASE_FILE, openDatabase } from './db/database';
import { createRecordRepo } from './db/record-repo';
import { createUserRepo } from './db/user-repo';
import { ERROR_CODES } from '../../src/domain';
import { HttpError, installErrorHandler } from './errors';
import { createChangeBus } from './events/change-bus';
import { loggerOptions } from './logger';
import type { LoggerOption } from './logger';
import { createRecordService } from './records/record-service';
import { registerAuthRoutes } from './routes/auth-routes';
import { registerChangesRoutes } from './routes/changes-routes';
import { registerEventsRoutes } from './routes/events-routes';
import type { EventStreams } from './routes/events-routes';
import { registerRecordRoutes } from './routes/record-routes';
import { createRoomAuthorizer } from './rooms/room-access';
import { startRoomRelay } from './rooms/room-relay';
import type { RoomRelay } from './rooms/room-relay';
import type { RelaySettings } from './relay';
import { registerStaticFiles } from './static-files';

export interface ServerOptions {
  /** SQLite database and the signing secret live here. */
  readonly dataDir: string;
  /** Built PWA to serve; default `<repo>/dist`. Missing: API only. */
  readonly staticDir?: string;
  /** Token signing secret; default: loaded from (or created in) `<dataDir>/secret`. */
  readonly secret?: string;
  readonly port?: number;
  readonly host?: string;
  /** Clock in epoch ms, for timestamps and token expiry. */
  readonly now?: () => number;
  /** Default false (silent). */
  readonly logger?: LoggerOption;
  /** Largest accepted request body in bytes. */
  readonly bodyLimit?: number;
  /** Sign-up / sign-in attempts per IP per window; false disables the limit. */
  readonly rateLimit?: { readonly max: number; readonly timeWindowMs: number } | false;
  /** `GET /api/events`: heartbeat interval and open streams per user. */
  readonly events?: { readonly heartbeatMs?: number; readonly maxStreamsPerUser?: number };
  /** Overrides of the websocket relay's defaults (`RELAY_DEFAULTS`). */
  readonly relay?: Partial<RelaySettings>;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  /** The Yjs websocket relay on `/yjs/<room>` (same port). */
  readonly rooms: RoomRelay;
  /** `GET /api/events` streams open now. */
  openEventStreams(): number;
  listen(): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
}

/**
 * The relay: REST API, change feed, live change events, the Yjs websocket relay and the
 * static PWA, on one Fastify instance and one port.
 */
export function createServer(options: ServerOptions): RunningServer {
  const now = options.now ?? Date.now;
  const db = openDatabase(options.dataDir);
  const app = Fastify({
    logger: loggerOptions(options.logger),
    bodyLimit: options.bodyLimit ?? DEFAULTS.bodyLimit,
  });
  // Bodies are JSON only: anything else (text/plain included) is 415, not a string to validate.
  app.removeContentTypeParser('text/plain');
  installErrorHandler(app);

  const users = createUserRepo(db);
  const tokens = createTokenService(options.secret ?? loadOrCreateSecret(options.dataDir), now);
  const authenticate = createAuthenticate(tokens, users);
  const bus = createChangeBus((error) => app.log.error({ err: error }, 'change listener failed'));
  const recordRepo = createRecordRepo(db, bus);
  const rooms = startRoomRelay({
    server: app.server,
    databaseFile: path.join(options.dataDir, DATABASE_FILE),
    authorize: createRoomAuthorizer({ tokens, users, getInstance: (id) => recordRepo.getInstance(id) }),
    logger: app.log.child({ component: 'yjs-relay' }),
    ...(options.relay ? { settings: options.relay } : {}),
  });
  let streams: EventStreams | undefined;

  // Long-lived connections first: the HTTP server waits for open sockets before it closes.
  app.addHook('preClose', async () => {
    streams?.closeAll();
    await rooms.stop();
  });
  // The relay stored every room in preClose; its connection closes before the API's.
  app.addHook('onClose', () => {
    rooms.closeDatabase();
    if (db.open) db.close();
  });
  const limit = options.rateLimit ?? { max: DEFAULTS.authRateLimit.max, timeWindowMs: DEFAULTS.authRateLimit.timeWindowMs };

  void app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, ERROR_CODES.rateLimited, `Too many attempts; try again in ${context.after}`),
  });
  void app.register((api, _opts, done) => {
    api.get('/healthz', () => ({ ok: true }));
    registerAuthRoutes(api, { users, tokens, authenticate, now, rateLimit: limit && { max: limit.max, timeWindow: limit.timeWindowMs } });
    registerRecordRoutes(api, {
      records: createRecordService(recordRepo),
      authenticate,
      onInstanceStored: (instance) => rooms.instanceWritten(instance),
    });
    registerChangesRoutes(api, { changes: createChangeRepo(db), authenticate });
    streams = registerEventsRoutes(api, {
      bus,
      authenticate,
      heartbeatMs: options.events?.heartbeatMs ?? DEFAULTS.eventsHeartbeatMs,
      maxStreamsPerUser: options.events?.maxStreamsPerUser ?? DEFAULTS.eventStreamsPerUser,
    });
    done();
  });
  registerStaticFiles(app, options.staticDir ?? DEFAULTS.staticDir);

  let closing: Promise<void> | undefined;
  return {
    app,
    rooms,
    openEventStreams: () => streams?.count() ?? 0,
    async listen() {
      const host = options.host ?? DEFAULTS.host;
      await app.listen({ port: options.port ?? DEFAULTS.port, host });
      const { port } = app.server.address() as AddressInfo;
      const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
      return { port, url: `http://${shown}:${port}` };
    },
    close() {
      closing ??= app.close();
      return closing;
    },
  };
}
