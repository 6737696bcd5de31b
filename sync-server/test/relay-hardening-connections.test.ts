/**
 * Issue 15 item 5 on the real server (port 0, real SQLite, real sockets): websocket connections
 * per address, upgrade attempts per address and connections in all (relay SPEC R15).
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../src/config';
import { ConnectionGate } from '../src/relay';
import { instanceFor } from './helpers/records';
import { startTestServer } from './helpers/test-server';
import type { TestServer, TestServerOptions } from './helpers/test-server';
import { connectYjs } from './helpers/yjs-client';
import type { YjsClient } from './helpers/yjs-client';
import { waitFor } from './helpers/wait';

let relay: TestServer | undefined;
let sockets: WebSocket[] = [];
let clients: YjsClient[] = [];

afterEach(async () => {
  for (const ws of sockets) ws.terminate();
  sockets = [];
  for (const client of clients) client.destroy();
  clients = [];
  await relay?.close();
  relay = undefined;
});

async function start(options: TestServerOptions = {}): Promise<{ server: TestServer; token: string; room: string }> {
  const server = await startTestServer(options);
  relay = server;
  const { token, user } = await server.signup('owner@site.example', 'Owner');
  const body = instanceFor(user.id);
  expect((await server.request('PUT', `/api/instances/${body.id}`, { token, body })).status).toBe(200);
  return { server, token, room: `instance:${body.id}` };
}

type Outcome = { kind: 'open'; ws: WebSocket } | { kind: 'refused'; status: number; retryAfter: string | undefined } | { kind: 'error' };

/** One upgrade attempt: open, refused before the upgrade (HTTP status), or a socket error. */
function attempt(server: TestServer, room: string, token: string, headers: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/yjs/${room}?token=${encodeURIComponent(token)}`, { headers });
    sockets.push(ws);
    ws.once('open', () => resolve({ kind: 'open', ws }));
    ws.once('unexpected-response', (_request, response) => {
      const retryAfter = response.headers['retry-after'];
      resolve({ kind: 'refused', status: response.statusCode ?? 0, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined });
      ws.terminate();
    });
    ws.once('error', () => resolve({ kind: 'error' }));
  });
}

const opened = (outcomes: Outcome[]): WebSocket[] => outcomes.flatMap((o) => (o.kind === 'open' ? [o.ws] : []));
const statuses = (outcomes: Outcome[]): number[] => outcomes.flatMap((o) => (o.kind === 'refused' ? [o.status] : []));

describe('relay hardening: connection exhaustion (SPEC R15)', () => {
  it('R15: 3,000 sockets from one address: 50 open, the rest refused with 429 before the upgrade; /healthz answers; a client syncs once some close', async () => {
    const lines: string[] = [];
    // Attempts unthrottled here, so the per-address cap (default 50) is what refuses.
    const { server, token, room } = await start({
      relay: { connections: { perAddress: 50, attemptsPerSecond: 0, attemptBurst: 0, total: 5_000 } },
      logger: { level: 'info', stream: { write: (line) => void lines.push(line) } },
    });
    const outcomes = await waitFor(Promise.all(Array.from({ length: 3_000 }, () => attempt(server, room, token))), '3,000 upgrade attempts', 60_000);
    const open = opened(outcomes);
    expect(open).toHaveLength(50);
    expect(statuses(outcomes)).toHaveLength(2_950);
    expect(statuses(outcomes).every((status) => status === 429)).toBe(true);
    expect(outcomes.find((o) => o.kind === 'refused')).toMatchObject({ retryAfter: '5' });
    await waitFor(() => server.server.rooms.relay.stats().connections === 50, 'the 50 sockets to join', 10_000);

    const started = Date.now();
    expect((await server.request('GET', '/healthz')).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_000);
    // Still at the cap: one more from this address is refused.
    expect(await attempt(server, room, token)).toMatchObject({ kind: 'refused', status: 429 });

    for (const ws of open.slice(0, 5)) ws.close();
    await waitFor(() => server.server.rooms.relay.stats().connections === 45, 'five sockets to close', 10_000);
    const legit = connectYjs(server.url, room, token);
    clients.push(legit);
    await legit.synced(10_000);
    // R16: 2,951 refusals of one kind from one address are a line or two, not one each.
    expect(lines.filter((line) => line.includes('connection refused before the upgrade')).length).toBeLessThanOrEqual(2);
  }, 90_000);

  it('R15: upgrade attempts from one address past the burst (default 50) are refused with 429 and Retry-After 1', async () => {
    const { server, token, room } = await start();
    const outcomes = await Promise.all(Array.from({ length: 80 }, () => attempt(server, room, token)));
    // The default cap is also 50; the throttle is the one that says "attempts".
    expect(opened(outcomes).length).toBeLessThanOrEqual(50);
    expect(statuses(outcomes).length).toBeGreaterThanOrEqual(30);
    expect(outcomes.filter((o) => o.kind === 'refused' && o.retryAfter === '1').length).toBeGreaterThan(0);
  });

  it('R15: the global cap refuses with 503 once that many sockets are open, whatever the address', async () => {
    const { server, token, room } = await start({
      trustProxy: true,
      relay: { connections: { perAddress: 5, attemptsPerSecond: 0, attemptBurst: 0, total: 12 } },
    });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_unused, i) => attempt(server, room, token, { 'x-forwarded-for': `203.0.113.${i}` })),
    );
    expect(opened(outcomes)).toHaveLength(12);
    expect(statuses(outcomes)).toEqual(Array.from({ length: 8 }, () => 503));
  });

  it('R15: behind a trusted proxy each X-Forwarded-For client has its own cap; untrusted, the header is ignored', async () => {
    const limits = { perAddress: 3, attemptsPerSecond: 0, attemptBurst: 0, total: 100 };
    const behind = await start({ trustProxy: true, relay: { connections: limits } });
    const fromTwo = await Promise.all(
      ['198.51.100.1', '198.51.100.2'].flatMap((client) => Array.from({ length: 4 }, () => attempt(behind.server, behind.room, behind.token, { 'x-forwarded-for': client }))),
    );
    expect(opened(fromTwo)).toHaveLength(6);
    expect(statuses(fromTwo)).toEqual([429, 429]);
    for (const ws of sockets) ws.terminate();
    sockets = [];
    await behind.server.close();

    const direct = await start({ relay: { connections: limits } });
    const spoofed = await Promise.all(
      Array.from({ length: 6 }, (_unused, i) => attempt(direct.server, direct.room, direct.token, { 'x-forwarded-for': `198.51.100.${i}` })),
    );
    expect(opened(spoofed)).toHaveLength(3);
  });

  it('R15: reads the limits from WS_MAX_PER_ADDRESS, WS_ATTEMPTS_PER_SECOND, WS_ATTEMPT_BURST, WS_MAX_CONNECTIONS and LOG_REPEAT_MS', () => {
    expect(loadConfig({}).relay.connections).toEqual({ perAddress: 50, attemptsPerSecond: 20, attemptBurst: 50, total: 5_000 });
    expect(loadConfig({}).logRepeatMs).toBe(10_000);
    const env = { WS_MAX_PER_ADDRESS: '7', WS_ATTEMPTS_PER_SECOND: '0', WS_ATTEMPT_BURST: '3', WS_MAX_CONNECTIONS: '900', LOG_REPEAT_MS: '0' };
    expect(loadConfig(env).relay.connections).toEqual({ perAddress: 7, attemptsPerSecond: 0, attemptBurst: 3, total: 900 });
    expect(loadConfig(env).logRepeatMs).toBe(0);
    expect(() => loadConfig({ WS_MAX_PER_ADDRESS: 'lots' })).toThrow(/WS_MAX_PER_ADDRESS/);
  });

  it('R15: the gate forgets an address once nothing is open and its attempt bucket has refilled, not before', () => {
    let clock = 0;
    const gate = new ConnectionGate({ perAddress: 2, attemptsPerSecond: 20, attemptBurst: 50, total: 100 }, () => clock);
    const releases = Array.from({ length: 1_000 }, (_unused, i) => gate.admit(`198.51.100.${i}`)).flatMap((v) => (v.ok ? [v.release] : []));
    expect(releases).toHaveLength(100);
    const held = gate.admit('203.0.113.7');
    expect(held).toMatchObject({ ok: false, status: 503 });
    for (const release of releases) release();
    releases[0]!();
    expect(gate.openSockets).toBe(0);
    const kept = gate.admit('203.0.113.7');
    expect(kept.ok).toBe(true);
    clock = 2_000;
    gate.prune();
    // 50 / 20 per second = 2.5 s to refill: everything is still remembered.
    expect(gate.trackedAddresses).toBe(1_001);
    clock = 3_000;
    gate.prune();
    // Only the address with an open socket is left.
    expect(gate.trackedAddresses).toBe(1);
  });
});
