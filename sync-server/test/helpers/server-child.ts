/**
 * The whole relay (HTTP API, files, Yjs) in its own process on port 0, for crash tests:
 * `node --import tsx server-child.ts <DATA_DIR>`. Prints `{"url": ...}` as its first stdout line
 * once it listens. The signing secret persists under DATA_DIR, so tokens survive a restart.
 */
import path from 'node:path';
import { createServer } from '../../src/server';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: server-child.ts <DATA_DIR>');
const server = createServer({ dataDir, staticDir: path.join(dataDir, 'no-static'), port: 0, host: '127.0.0.1', rateLimit: false });
const { url } = await server.listen();
process.stdout.write(`${JSON.stringify({ url })}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
