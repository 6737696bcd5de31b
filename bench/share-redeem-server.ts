/** Child process of bench/share-redeem.ts: a real relay (no redeem rate limit) on 127.0.0.1; prints `{url}`. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from '../sync-server/src/server';

const dataDir = process.argv[2] ?? mkdtempSync(path.join(tmpdir(), 'fieldbook-bench-redeem-'));
const server = createServer({ dataDir, staticDir: path.join(dataDir, 'no-static'), host: '127.0.0.1', port: 0, rateLimit: false, redeemRateLimit: false });
const { url } = await server.listen();
process.stdout.write(`${JSON.stringify({ url })}\n`);
process.once('SIGINT', () => void server.close().then(() => process.exit(0)));
