/**
 * Child process for the relay benches: `node --import tsx bench/relay-bench-server.ts <ours|baseline> <dataDir>`.
 * ours: Fieldbook relay + SQLite store (synchronous=FULL, batched appends, compaction) + an async
 * auth hook. baseline: @y/websocket-server 0.1.1 `setupWSConnection`, persistence off (its
 * default), no auth. baseline-persisted: the same with persistence on, wired the way its own
 * y-leveldb persistence is (every doc update stored as it happens, one write per update,
 * not fsynced) but into SQLite (WAL, synchronous=NORMAL), since y-leveldb is not installed.
 * ours-defaults: our relay with its default limits (rate limit, frame sizes, budgets), for the
 * costly-frame bench. RELAY_BUDGETS=off (ours modes): per-connection CPU/byte budgets off, for the
 * budgets on/off fan-out row (relay option `budgets: false`).
 * hocuspocus: @hocuspocus/server 3.4 with @hocuspocus/extension-sqlite, for the stock-client fan-out.
 * Prints `{"url": ...}` once listening.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { attachRelay, createRelay, createSqliteStore, silentLogger } from '../sync-server/src/relay';
import type { RelayHooks } from '../sync-server/src/relay/options';

const [mode, dataDir] = process.argv.slice(2);
const server = http.createServer((_req, res) => res.writeHead(404).end());

/** `RELAY_BUDGETS=off`: the relay's per-connection byte/CPU budgets (relay SPEC R9) turned off. */
function budgetOptions(): { budgets?: false } {
  return process.env.RELAY_BUDGETS === 'off' ? { budgets: false } : {};
}

const authorize: RelayHooks['authorize'] = ({ token }) =>
  Promise.resolve(
    token?.startsWith('bench-')
      ? { ok: true, principal: { id: token, kind: 'user' }, access: 'read-write' }
      : { ok: false, code: 4401, reason: 'invalid token' },
  );

if (mode === 'ours-defaults') {
  const db = new Database(path.join(dataDir ?? '.', 'relay.sqlite'));
  db.pragma('journal_mode = WAL');
  attachRelay(server, createRelay({ authorize, ...createSqliteStore(db) }, { logger: silentLogger, ...budgetOptions() }));
} else if (mode === 'ours') {
  const db = new Database(path.join(dataDir ?? '.', 'relay.sqlite'));
  db.pragma('journal_mode = WAL');
  const relay = createRelay(
    {
      // A token check with the shape of the real hook (async, per connection).
      authorize,
      ...createSqliteStore(db),
    },
    // The bench clients send far above a field crew's rate; the limiter still runs per frame.
    // They also open thousands of sockets from one address, past the per-address cap (SPEC R15).
    { logger: silentLogger, rateLimit: { messagesPerSecond: 1e6, burst: 1e6 }, connections: false, ...budgetOptions() },
  );
  attachRelay(server, relay);
} else if (mode === 'baseline' || mode === 'baseline-persisted') {
  const { setupWSConnection, setPersistence } = (await import('@y/websocket-server/utils')) as {
    setupWSConnection: (conn: unknown, req: http.IncomingMessage, opts: { docName: string }) => void;
    setPersistence: (persistence: {
      provider: unknown;
      bindState: (name: string, doc: Y.Doc) => void;
      writeState: (name: string, doc: Y.Doc) => Promise<void>;
    }) => void;
  };
  if (mode === 'baseline-persisted') {
    const db = new Database(path.join(dataDir ?? '.', 'baseline.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE IF NOT EXISTS updates (room TEXT NOT NULL, seq INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB NOT NULL)');
    const insert = db.prepare('INSERT INTO updates (room, data) VALUES (?, ?)');
    const load = db.prepare<[string], { data: Buffer }>('SELECT data FROM updates WHERE room = ? ORDER BY seq');
    setPersistence({
      provider: db,
      bindState: (name, doc) => {
        for (const row of load.all(name)) Y.applyUpdate(doc, row.data);
        insert.run(name, Buffer.from(Y.encodeStateAsUpdate(doc)));
        doc.on('update', (update: Uint8Array) => insert.run(name, Buffer.from(update)));
      },
      writeState: () => Promise.resolve(),
    });
  }
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://bench.invalid');
    const docName = decodeURIComponent(url.pathname.replace(/^\/yjs\//, ''));
    wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req, { docName }));
  });
} else if (mode === 'hocuspocus') {
  // Hocuspocus 3.4 (4.x needs Node 22) with its stock SQLite extension, defaults otherwise
  // (store debounced 2 s, max 10 s), and a token check like ours.
  const { Server } = await import('@hocuspocus/server');
  const { SQLite } = await import('@hocuspocus/extension-sqlite');
  const hocuspocus = new Server({
    port: 0,
    address: '127.0.0.1',
    quiet: true,
    extensions: [new SQLite({ database: path.join(dataDir ?? '.', 'hocuspocus.sqlite') })],
    onAuthenticate: ({ token }) => (token.startsWith('bench-') ? Promise.resolve() : Promise.reject(new Error('invalid token'))),
  });
  await hocuspocus.listen(0);
  process.stdout.write(`${JSON.stringify({ url: `ws://127.0.0.1:${hocuspocus.address.port}` })}\n`);
} else {
  throw new Error(`unknown mode ${mode}`);
}

if (mode !== 'hocuspocus') server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `ws://127.0.0.1:${port}/yjs` })}\n`);
});
// A clean exit on SIGINT, so `--cpu-prof` (RELAY_BENCH_NODE_ARGS) can write its profile.
process.on('SIGINT', () => process.exit(0));
