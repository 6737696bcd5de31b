/**
 * Short-lived member tokens, refresh, and signing a user out (issue 15 item 12): real relay on
 * port 0 with a controlled clock, stock y-websocket clients.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../src/protocol';
import { instanceFor } from './helpers/records';
import { startTestServer } from './helpers/test-server';
import type { TestServer, TestServerOptions } from './helpers/test-server';
import { connectYjs } from './helpers/yjs-client';
import type { YjsClient } from './helpers/yjs-client';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

let relay: TestServer | undefined;
let clients: YjsClient[] = [];
afterEach(async () => {
  for (const client of clients) client.destroy();
  clients = [];
  await relay?.close();
  relay = undefined;
});

async function start(options: TestServerOptions = {}): Promise<TestServer> {
  relay = await startTestServer({ linkSweepMs: 25, ...options });
  return relay;
}

async function openRoom(server: TestServer, token: string, userId: string): Promise<YjsClient> {
  const body = instanceFor(userId);
  expect((await server.request('PUT', `/api/instances/${body.id}`, { token, body })).status).toBe(200);
  const client = connectYjs(server.url, `instance:${body.id}`, token);
  clients.push(client);
  await client.synced();
  return client;
}

describe('member token lifetimes', () => {
  it('expires an access token after an hour; the refresh token trades for a new pair for 30 days', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const server = await start({ now: () => clock });
    const ada = await server.signup('ada@site.example', 'Ada');
    expect((await server.request('GET', '/api/me', { token: ada.token })).status).toBe(200);
    clock += HOUR_MS + 1000;
    expect((await server.request('GET', '/api/me', { token: ada.token })).status).toBe(401);

    // A tablet offline for 29 days comes back and refreshes without a password.
    clock += 29 * DAY_MS;
    const refreshed = await server.request('POST', '/api/auth/refresh', { body: { refreshToken: ada.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.user.id).toBe(ada.user.id);
    expect((await server.request('GET', '/api/me', { token: refreshed.body.token })).status).toBe(200);

    // A refresh token is not an access token, nor the reverse.
    expect((await server.request('GET', '/api/me', { token: refreshed.body.refreshToken })).status).toBe(401);
    expect((await server.request('POST', '/api/auth/refresh', { body: { refreshToken: refreshed.body.token } })).status).toBe(401);

    clock += 31 * DAY_MS;
    const stale = await server.request('POST', '/api/auth/refresh', { body: { refreshToken: refreshed.body.refreshToken } });
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe('unauthenticated');
  });

  it('closes an open read-write socket with 4401 when its token expires (the link sweep)', async () => {
    let clock = Date.now();
    const server = await start({ now: () => clock });
    const ada = await server.signup('ada@site.example', 'Ada');
    const socket = await openRoom(server, ada.token, ada.user.id);
    const closed = socket.nextClose(10_000);
    clock += HOUR_MS + 1000;
    expect(await closed).toMatchObject({ code: CLOSE_CODES.unauthenticated });
  });
});

describe('signing a user out everywhere', () => {
  it('refuses their access and refresh tokens (401) and closes their sockets (4401); others stay', async () => {
    const server = await start();
    const admin = await server.signup('admin@site.example', 'Admin');
    const lost = await server.signup('lost@site.example', 'Lost tablet');
    const adminSocket = await openRoom(server, admin.token, admin.user.id);
    const lostSocket = await openRoom(server, lost.token, lost.user.id);
    const closed = lostSocket.nextClose(10_000);
    const events = await fetch(`${server.url}/api/events`, { headers: { authorization: `Bearer ${lost.token}` } });
    expect(events.status).toBe(200);
    const streamEnded = events.text();

    expect((await server.request('POST', `/api/users/${lost.user.id}/sign-out`, { token: lost.token })).status).toBe(403);
    const res = await server.request('POST', `/api/users/${lost.user.id}/sign-out`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(await closed).toMatchObject({ code: CLOSE_CODES.unauthenticated });
    // Their live-events stream ends too (its reconnect is a 401).
    await expect(streamEnded).resolves.toContain(': connected');
    expect((await server.request('GET', '/api/me', { token: lost.token })).status).toBe(401);
    expect((await server.request('POST', '/api/auth/refresh', { body: { refreshToken: lost.refreshToken } })).status).toBe(401);
    // A reconnect with the old token is refused too.
    const retry = connectYjs(server.url, 'instance:00000000-0000-4000-8000-000000000000', lost.token);
    clients.push(retry);
    expect(await retry.nextClose()).toMatchObject({ code: CLOSE_CODES.unauthenticated });

    // Signing in again works, and the admin was never disturbed.
    const login = await server.request('POST', '/api/auth/login', { body: { email: 'lost@site.example', password: 'correct horse battery' } });
    expect(login.status).toBe(200);
    expect((await server.request('GET', '/api/me', { token: login.body.token })).status).toBe(200);
    expect(adminSocket.closes).toEqual([]);
    expect((await server.request('GET', '/api/me', { token: admin.token })).status).toBe(200);
  });
});
