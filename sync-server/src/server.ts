import type { AddressInfo } from 'node:net';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { createAuthenticators } from './auth/authenticate';
import { loadOrCreateSecret } from './auth/secret';
import { createTokenService } from './auth/tokens';
import { createLoginBackoff } from './auth/login-backoff';
import type { LoginBackoffSettings } from './auth/login-backoff';
import { DEFAULTS, FILE_DEFAULTS, RECORD_QUOTA_DEFAULTS } from './config';
import type { FileSettings, RecordQuotas, TrustProxy } from './config';
import { createBlobRepo } from './db/blob-repo';
import { createBlobStore } from './files/blob-store';
import { createFileUploads } from './files/tus-uploads';
import { registerFileRoutes } from './routes/file-routes';
import { createDurableCommits } from './db/durable-commits';
import { clientAddressResolver, fastifyTrustProxy } from './http/client-address';
import { installJsonBodyParser } from './http/json-body';
import { registerSecurityHeaders } from './http/security-headers';
import { createRecordQuotaGuard } from './records/record-quotas';
import path from 'node:path';
import { createChangeRepo } from './db/change-repo';
import { DATABASE_FILE, openDatabase } from './db/database';
import { createRecordRepo } from './db/record-repo';
import { createShareLinkRepo } from './db/share-link-repo';
import { createUserRepo } from './db/user-repo';
import { createInviteRepo } from './db/invite-repo';
import type { SignupMode } from './config';
import type { TokenLifetimes } from './auth/tokens';
import { registerInviteRoutes } from './routes/invite-routes';
import { API_ROUTES, ERROR_CODES } from '../../src/protocol';
import { clientErrorHandler, frameworkErrors, HttpError, installErrorHandler } from './errors';
import { createChangeBus } from './events/change-bus';
import { loggerOptions } from './logger';
import type { LoggerOption } from './logger';
import { createRecordService } from './records/record-service';
import { registerAuthRoutes } from './routes/auth-routes';
import { registerChangesRoutes } from './routes/changes-routes';
import { registerEventsRoutes } from './routes/events-routes';
import type { EventStreams } from './routes/events-routes';
import { registerMemberRoutes } from './routes/member-routes';
import { registerRecordRoutes } from './routes/record-routes';
import { registerShareRoutes } from './routes/share-routes';
import { createFailureLimiter } from './shares/failure-limiter';
import { createRedeemService } from './shares/redeem-service';
import { createShareLinkService } from './shares/share-link-service';
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
  /** Failed share redemptions per IP per window; false disables the limit. */
  readonly redeemRateLimit?: { readonly max: number; readonly timeWindowMs: number } | false;
  /** Interval of the sweep that closes recipients' sockets of expired links and members' of expired tokens (ms). */
  readonly linkSweepMs?: number;
  /** 'invite' (default): after the first account, sign-up needs an invite. 'open': anyone (demos). */
  readonly signup?: SignupMode;
  /** Lifetimes of member access and refresh tokens (seconds). */
  readonly tokenLifetimes?: TokenLifetimes;
  /** Headers and body must arrive within this (ms); default `DEFAULTS.requestTimeoutMs`. */
  readonly requestTimeoutMs?: number;
  /** The request line and headers must arrive within this (ms). */
  readonly headersTimeoutMs?: number;
  /** How often Node looks for requests past those timeouts (ms; Node's default 30 s; tests go lower). */
  readonly timeoutCheckMs?: number;
  /** Fastify `trustProxy` (`TRUST_PROXY`): which `X-Forwarded-*` headers to believe. */
  readonly trustProxy?: TrustProxy;
  /** Caps on created instances and submissions; false disables them. */
  readonly recordQuotas?: Partial<RecordQuotas> | false;
  /** Per-account backoff on failed sign-ins; false disables it. */
  readonly loginBackoff?: LoginBackoffSettings | false;
  /** JSON bodies nested deeper are 400 json_too_deep. */
  readonly jsonMaxDepth?: number;
  /**
   * Group window (ms) of the durable commit that precedes every answer to a write; negative:
   * `synchronous = FULL` on each commit; false: `synchronous = NORMAL`, no barrier (bench baseline only).
   */
  readonly durableCommitMs?: number | false;
  /** Similar relay warnings are written once per this many ms (default `DEFAULTS.logRepeatMs`; 0: every line). */
  readonly logRepeatMs?: number;
  /** File uploads: size cap, accepted types, per-caller quota (default `FILE_DEFAULTS`). */
  readonly files?: Partial<FileSettings>;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  /** The Yjs websocket relay on `/yjs/<room>` (same port). */
  readonly rooms: RoomRelay;
  /** `GET /api/events` streams open now. */
  openEventStreams(): number;
  /** Remove unfinished uploads past their expiry now (the relay also does this every `uploadSweepMs`). */
  sweepExpiredUploads(): Promise<number>;
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
  const headersTimeout = options.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs;
  const requestTimeout = options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs;
  const trustProxy = options.trustProxy ?? DEFAULTS.trustProxy;
  const app = Fastify({
    logger: loggerOptions(options.logger),
    bodyLimit: options.bodyLimit ?? DEFAULTS.bodyLimit,
    // The websocket upgrade (which Fastify never routes) resolves the client from the same option.
    trustProxy: fastifyTrustProxy(trustProxy),
    // Node cuts a request whose headers or body are slower than this (a body sent a byte a second).
    requestTimeout,
    http: {
      headersTimeout: Math.min(headersTimeout, requestTimeout || headersTimeout),
      ...(options.timeoutCheckMs !== undefined ? { connectionsCheckingInterval: options.timeoutCheckMs } : {}),
    },
    frameworkErrors,
    clientErrorHandler,
  });
  // Bodies are JSON only: anything else (text/plain included) is 415, not a string to validate.
  app.removeContentTypeParser('text/plain');
  installJsonBodyParser(app, options.jsonMaxDepth ?? DEFAULTS.jsonMaxDepth);
  installErrorHandler(app);
  registerSecurityHeaders(app);
  const durable = options.durableCommitMs === false ? undefined : createDurableCommits(db, { groupMs: options.durableCommitMs ?? DEFAULTS.durableCommitMs });
  // A write is answered only once it is durable (DESIGN §3), errors included: one barrier per group.
  app.addHook('onSend', async (request) => {
    if (durable && request.method !== 'GET' && request.method !== 'HEAD') await durable.sync();
  });

  const users = createUserRepo(db);
  const invites = createInviteRepo(db);
  const tokens = createTokenService(options.secret ?? loadOrCreateSecret(options.dataDir), now, options.tokenLifetimes);
  const bus = createChangeBus((error) => app.log.error({ err: error }, 'change listener failed'));
  const recordRepo = createRecordRepo(db, bus);
  const shareLinks = createShareLinkRepo(db, bus);
  const getShareLink = (id: string) => shareLinks.get(id);
  const { authenticate, authenticateCaller } = createAuthenticators({ tokens, users, getShareLink, now });
  const rooms = startRoomRelay({
    server: app.server,
    databaseFile: path.join(options.dataDir, DATABASE_FILE),
    authorize: createRoomAuthorizer({ tokens, users, getInstance: (id) => recordRepo.getInstance(id), getShareLink, now }),
    logger: app.log.child({ component: 'yjs-relay' }),
    logRepeatMs: options.logRepeatMs ?? DEFAULTS.logRepeatMs,
    clientAddress: clientAddressResolver(trustProxy),
    ...(options.relay ? { settings: options.relay } : {}),
  });
  const fileSettings = { ...FILE_DEFAULTS, ...options.files };
  const blobs = createBlobRepo(db);
  const store = createBlobStore(options.dataDir);
  const getInstance = (id: string) => recordRepo.getInstance(id);
  const uploads = createFileUploads({ dataDir: options.dataDir, settings: fileSettings, blobs, store, getInstance, now });
  const sweepUploads = (): Promise<number> =>
    uploads.sweepExpired().catch((error: unknown) => {
      app.log.error({ err: error }, 'expired upload sweep failed');
      return 0;
    });
  const uploadSweep = setInterval(() => void sweepUploads(), fileSettings.uploadSweepMs);
  uploadSweep.unref();
  let streams: EventStreams | undefined;
  // Expiry has no event: look for recipients' sockets of links that expired since the last
  // sweep, and members' sockets whose access token expired (4401: the app refreshes and reconnects).
  const sweep = setInterval(() => {
    try {
      rooms.closeGoneLinks((ids) => shareLinks.goneAmong(ids, now()));
      rooms.closeExpiredTokens(now());
    } catch (error) {
      app.log.error({ err: error }, 'share link sweep failed');
    }
  }, options.linkSweepMs ?? DEFAULTS.linkSweepMs);
  sweep.unref();

  // Long-lived connections first: the HTTP server waits for open sockets before it closes.
  app.addHook('preClose', async () => {
    clearInterval(sweep);
    clearInterval(uploadSweep);
    streams?.closeAll();
    await rooms.stop();
  });
  // The relay stored every room in preClose; its connection closes before the API's.
  app.addHook('onClose', () => {
    rooms.closeDatabase();
    if (db.open) db.close();
  });
  const backoff = options.loginBackoff ?? DEFAULTS.loginBackoff;
  const quotas = options.recordQuotas === false ? undefined : { ...RECORD_QUOTA_DEFAULTS, ...options.recordQuotas };
  const limit = options.rateLimit ?? { max: DEFAULTS.authRateLimit.max, timeWindowMs: DEFAULTS.authRateLimit.timeWindowMs };

  void app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, ERROR_CODES.rateLimited, `Too many attempts; try again in ${context.after}`),
  });
  void app.register((api, _opts, done) => {
    api.get(API_ROUTES.health.path, () => ({ ok: true }));
    registerAuthRoutes(api, {
      users,
      invites,
      tokens,
      authenticate,
      now,
      signup: options.signup ?? 'invite',
      rateLimit: limit && { max: limit.max, timeWindow: limit.timeWindowMs },
      bodyLimit: DEFAULTS.smallBodyLimit,
      ...(backoff ? { loginBackoff: createLoginBackoff(backoff, now) } : {}),
    });
    registerInviteRoutes(api, {
      invites,
      users,
      authenticate,
      now,
      onSignedOut: (userId) => {
        rooms.closeUser(userId, 'signed out by an admin');
        streams?.closeUser(userId);
      },
    });
    registerMemberRoutes(api, { users, authenticate });
    registerRecordRoutes(api, {
      records: createRecordService(recordRepo, {
        getShareLink,
        now,
        recountSubmissions: (linkId) => shareLinks.recountSubmissions(linkId),
        ...(quotas ? { quotas: createRecordQuotaGuard(quotas, now) } : {}) }),
      authenticate,
      authenticateCaller,
      onInstanceStored: (instance) => rooms.instanceWritten(instance),
    });
    const redeemLimit = options.redeemRateLimit ?? DEFAULTS.redeemFailureLimit;
    registerShareRoutes(api, {
      links: createShareLinkService({ links: shareLinks, getDocument: (id) => recordRepo.getDocument(id), now }),
      redeem: createRedeemService({ links: shareLinks, records: recordRepo, users, tokens, now }),
      authenticate,
      tokens,
      users,
      failures: redeemLimit ? createFailureLimiter({ max: redeemLimit.max, windowMs: redeemLimit.timeWindowMs }, now) : undefined,
      bodyLimit: DEFAULTS.smallBodyLimit,
      onRevoked: (link) => rooms.closeLink(link.id, 'this link was turned off by the sender'),
    });
    registerChangesRoutes(api, {
      changes: createChangeRepo(db),
      authenticateCaller,
      currentVersionOf: (documentId) => recordRepo.getDocument(documentId)?.currentVersionId,
    });
    registerFileRoutes(api, {
      uploads,
      blobs,
      store,
      authenticateCaller,
      getInstance,
      getShareLink,
    });
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
  // Node closes only the connections idle when the server starts closing. A response still
  // streaming then (a blob GET) would keep its keep-alive connection open until keepAliveTimeout
  // and hold up close(): once such a response has finished, end its connection.
  app.addHook('onResponse', (request, _reply, done) => {
    if (closing) request.raw.socket.end();
    done();
  });
  return {
    app,
    rooms,
    openEventStreams: () => streams?.count() ?? 0,
    sweepExpiredUploads: sweepUploads,
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
