/**
 * The bare Yjs relay (core + ws shell, no HTTP API) on port 0 over a real SQLite file, with the
 * test tokens below. `useRelayTestbed` gives a test file its temp dir, relays and clients, all
 * torn down after each test. For the whole server (HTTP API + relay) see `test-server.ts`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import * as Y from 'yjs';
import { afterEach, beforeEach } from 'vitest';
import { CLOSE_CODES } from '../../../src/protocol';
import { attachRelay, createRelay, createSqliteStore, silentLogger } from '../../src/relay';
import type { Authorization, AuthorizeRequest, Relay, RelayOptions, RoomStore } from '../../src/relay';
import { tempDir } from './temp-dir';
import type { TempDir } from './temp-dir';
import { connectYjs } from './yjs-client';
import type { YjsClient } from './yjs-client';

/** Test tokens: 'rw-<user>' read-write, 'ro-<user>' read-only, 'no-<user>' forbidden, else invalid. */
export async function testAuthorize({ token }: AuthorizeRequest): Promise<Authorization> {
  await Promise.resolve();
  if (token === undefined) return { ok: false, code: CLOSE_CODES.unauthenticated, reason: 'missing token' };
  const [kind, user] = [token.slice(0, 3), token.slice(3)];
  if (user === '') return { ok: false, code: CLOSE_CODES.unauthenticated, reason: 'invalid token' };
  if (kind === 'rw-') return { ok: true, principal: { id: user, kind: 'user' }, access: 'read-write' };
  if (kind === 'ro-') return { ok: true, principal: { id: user, kind: 'user' }, access: 'read-only' };
  if (kind === 'no-') return { ok: false, code: CLOSE_CODES.forbidden, reason: 'not allowed' };
  return { ok: false, code: CLOSE_CODES.unauthenticated, reason: 'invalid token' };
}

export const newRoom = (): string => `instance:${randomUUID()}`;

export function openDb(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  return db;
}

export interface RunningRelay {
  readonly relay: Relay;
  readonly db: Db;
  readonly store: Required<RoomStore>;
  /** `http://127.0.0.1:<port>`, like the server's: answers `GET /healthz` with `{ok: true}`, websockets on `/yjs`. */
  readonly url: string;
  stop(): Promise<void>;
}

export type WrapStore = (store: Required<RoomStore>) => Required<RoomStore>;

/** `wrapStore` lets a test put faults in front of the real SQLite store (e.g. a full disk). */
export async function startRelay(file: string, options: RelayOptions = {}, wrapStore: WrapStore = (store) => store): Promise<RunningRelay> {
  const db = openDb(file);
  const store = createSqliteStore(db);
  const relay = createRelay({ authorize: testAuthorize, ...wrapStore(store) }, { logger: silentLogger, ...options });
  const server = http.createServer((req, res) => {
    if (req.url === '/healthz') res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    else res.writeHead(404).end();
  });
  const attachment = attachRelay(server, relay);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  return {
    relay,
    db,
    store,
    url: `http://127.0.0.1:${port}`,
    // Idempotent: a restart test stops a relay itself, the testbed stops it again after the test.
    stop() {
      stopping ??= (async () => {
        attachment.detach();
        await relay.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        db.close();
      })();
      return stopping;
    },
  };
}

/** The doc a room's stored rows produce, read straight from SQLite. */
export function docFromSqlite(db: Db, room: string): Y.Doc {
  const doc = new Y.Doc();
  const rows = db.prepare<[string], { data: Buffer }>('SELECT data FROM yjs_updates WHERE room = ? ORDER BY seq').all(room);
  for (const row of rows) Y.applyUpdate(doc, row.data);
  return doc;
}

export interface RelayTestbed {
  /** This test's temp dir; `file` is the SQLite file every `relay()` of the test opens. */
  readonly tmp: TempDir;
  readonly file: string;
  /** A relay on this test's file (a second call is a restart on the same file), stopped after the test. */
  readonly relay: (options?: RelayOptions, wrapStore?: WrapStore) => Promise<RunningRelay>;
  /** A stock client, destroyed after the test. */
  readonly client: (...args: Parameters<typeof connectYjs>) => YjsClient;
  /** Anything else to end after the test (raw sockets): `end` runs before the relays stop. */
  readonly track: <T>(thing: T, end: (thing: T) => void) => T;
}

/** Call at the top of a test file: registers the per-test setup and teardown. */
export function useRelayTestbed(): RelayTestbed {
  let tmp: TempDir | undefined;
  const running: RunningRelay[] = [];
  const endings: (() => void)[] = [];
  const current = (): TempDir => {
    if (!tmp) throw new Error('useRelayTestbed: used outside a test');
    return tmp;
  };
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(async () => {
    for (const end of endings.splice(0)) end();
    for (const r of running.splice(0)) await r.stop();
    tmp?.remove();
    tmp = undefined;
  });
  return {
    get tmp() {
      return current();
    },
    get file() {
      return current().file('relay.sqlite');
    },
    relay: async (options = {}, wrapStore) => {
      const r = await startRelay(current().file('relay.sqlite'), options, wrapStore);
      running.push(r);
      return r;
    },
    client: (...args) => {
      const c = connectYjs(...args);
      endings.push(() => c.destroy());
      return c;
    },
    track: (thing, end) => {
      endings.push(() => end(thing));
      return thing;
    },
  };
}
