import type { AddressInfo } from 'node:net';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { createAuthenticate } from './auth/authenticate';
import { loadOrCreateSecret } from './auth/secret';
import { createTokenService } from './auth/tokens';
import { DEFAULTS } from './config';
import { createChangeRepo } from './db/change-repo';
import { openDatabase } from './db/database';
import { createRecordRepo } from './db/record-repo';
import { createUserRepo } from './db/user-repo';
import { HttpError, SERVER_ERROR_CODES, installErrorHandler } from './errors';
import { loggerOptions } from './logger';
import type { LoggerOption } from './logger';
import { createRecordService } from './records/record-service';
import { registerAuthRoutes } from './routes/auth-routes';
import { registerChangesRoutes } from './routes/changes-routes';
import { registerRecordRoutes } from './routes/record-routes';
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
}

export interface RunningServer {
  readonly app: FastifyInstance;
  listen(): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
}

/** The relay's HTTP side: REST API, change feed and the static PWA, on one Fastify instance. */
export function createServer(options: ServerOptions): RunningServer {
  const now = options.now ?? Date.now;
  const db = openDatabase(options.dataDir);
  const app = Fastify({
    logger: loggerOptions(options.logger),
    bodyLimit: options.bodyLimit ?? DEFAULTS.bodyLimit,
  });
  app.addHook('onClose', () => {
    if (db.open) db.close();
  });
  // Bodies are JSON only: anything else (text/plain included) is 415, not a string to validate.
  app.removeContentTypeParser('text/plain');
  installErrorHandler(app);

  const users = createUserRepo(db);
  const tokens = createTokenService(options.secret ?? loadOrCreateSecret(options.dataDir), now);
  const authenticate = createAuthenticate(tokens, users);
  const limit = options.rateLimit ?? { max: DEFAULTS.authRateLimit.max, timeWindowMs: DEFAULTS.authRateLimit.timeWindowMs };

  void app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, SERVER_ERROR_CODES.rateLimited, `Too many attempts; try again in ${context.after}`),
  });
  void app.register((api, _opts, done) => {
    api.get('/healthz', () => ({ ok: true }));
    registerAuthRoutes(api, { users, tokens, authenticate, now, rateLimit: limit && { max: limit.max, timeWindow: limit.timeWindowMs } });
    registerRecordRoutes(api, { records: createRecordService(createRecordRepo(db)), authenticate });
    registerChangesRoutes(api, { changes: createChangeRepo(db), authenticate });
    done();
  });
  registerStaticFiles(app, options.staticDir ?? DEFAULTS.staticDir);

  let closing: Promise<void> | undefined;
  return {
    app,
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
