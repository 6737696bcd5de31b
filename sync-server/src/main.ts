import { loadConfig } from './config';
import { wantsPrettyLogs } from './logger';
import { createServer } from './server';

/** Shell: read the environment, start the relay, close cleanly on SIGTERM/SIGINT. */
const config = loadConfig();
const server = createServer({
  dataDir: config.dataDir,
  staticDir: config.staticDir,
  port: config.port,
  host: config.host,
  bodyLimit: config.bodyLimit,
  signup: config.signup,
  tokenLifetimes: config.tokenLifetimes,
  requestTimeoutMs: config.requestTimeoutMs,
  headersTimeoutMs: config.headersTimeoutMs,
  trustProxy: config.trustProxy,
  recordQuotas: config.recordQuotas,
  relay: config.relay,
  logRepeatMs: config.logRepeatMs,
  files: config.files,
  logger: { level: config.logLevel, pretty: wantsPrettyLogs(config.logFormat, process.stdout.isTTY === true) },
  ...(config.secret ? { secret: config.secret } : {}),
});

const { url } = await server.listen();
server.app.log.info({ url, dataDir: config.dataDir }, `Fieldbook relay listening on ${url}`);

function shutdown(signal: NodeJS.Signals): void {
  server.app.log.info({ signal }, 'shutting down');
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      server.app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
