/**
 * The Yjs relay wired into the server: real server on port 0, real SQLite, stock y-websocket
 * clients with `?token=`. Refusals complete the upgrade and close with the 44xx code (API.md).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../src/protocol';
import { instanceFor } from './helpers/records';
import { startTestServer } from './helpers/test-server';
import type { TestServer, TestServerOptions } from './helpers/test-server';
import { connectYjs } from './helpers/yjs-client';
import type { YjsClient } from './helpers/yjs-client';
import { waitFor } from './helpers/wait';

const DAY_MS = 24 * 60 * 60 * 1000;

let relay: TestServer | undefined;
let clients: YjsClient[] = [];

afterEach(async () => {
  for (const client of clients) client.destroy();
  clients = [];
  await relay?.close();
  relay = undefined;
});

interface Account {
  token: string;
  user: { id: string; role: string };
}

async function start(options: TestServerOptions = {}): Promise<{ server: TestServer; admin: Account; owner: Account; other: Account }> {
  const server = await startTestServer(options);
  relay = server;
  const admin = await server.signup('admin@site.example', 'Admin');
  const owner = await server.signup('owner@site.example', 'Owner');
  const other = await server.signup('other@site.example', 'Other');
  return { server, admin, owner, other };
}

/** PUT an instance record for `owner`; the room `instance:<id>` exists from then on. */
async function putInstance(server: TestServer, owner: Account, overrides: Record<string, unknown> = {}): Promise<{ id: string; room: string; body: Record<string, unknown> }> {
  const body = instanceFor(owner.user.id, overrides);
  const res = await server.request('PUT', `/api/instances/${body.id}`, { token: owner.token, body });
  expect(res.status).toBe(200);
  return { id: body.id, room: `instance:${body.id}`, body };
}

function client(server: TestServer, room: string, token: string | undefined): YjsClient {
  const c = connectYjs(server.url, room, token);
  clients.push(c);
  return c;
}

/** Every dropped read-only frame is counted by the relay (SPEC R6): wait waitFor `n` more were. */
async function droppedWrites(server: TestServer, before: number): Promise<void> {
  await waitFor(() => server.server.rooms.relay.stats().droppedReadOnlyFrames > before, 'the relay to drop a read-only write');
}

describe('websocket access to instance rooms (DESIGN §4)', () => {
  it('lets the owner sync their instance room read-write and stores the edits', async () => {
    const { server, owner } = await start();
    const { room } = await putInstance(server, owner);
    const phone = client(server, room, owner.token);
    const tablet = client(server, room, owner.token);
    await Promise.all([phone.synced(), tablet.synced()]);
    phone.doc.getMap('answers').set('tyre-pressure', 'ok');
    await waitFor(() => tablet.doc.getMap('answers').get('tyre-pressure') === 'ok', 'the edit to reach the other device');
    await server.server.rooms.relay.drain();
    phone.destroy();
    tablet.destroy();
    const fresh = client(server, room, owner.token);
    await fresh.synced();
    expect(fresh.doc.getMap('answers').get('tyre-pressure')).toBe('ok');
  });

  it('refuses another member with 4403', async () => {
    const { server, owner, other } = await start();
    const { room } = await putInstance(server, owner);
    const intruder = client(server, room, other.token);
    expect(await intruder.nextClose()).toMatchObject({ code: CLOSE_CODES.forbidden });
  });

  it.each([
    ['a missing token', undefined],
    ['a garbage token', 'garbage'],
    ['a token signed with another secret', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
  ])('refuses %s with 4401', async (_name, token) => {
    const { server, owner } = await start();
    const { room } = await putInstance(server, owner);
    expect(await client(server, room, token).nextClose()).toMatchObject({ code: CLOSE_CODES.unauthenticated });
  });

  it('refuses an expired token with 4401', async () => {
    let clock = Date.now();
    const { server, owner } = await start({ now: () => clock });
    const { room } = await putInstance(server, owner);
    clock += 31 * DAY_MS;
    expect(await client(server, room, owner.token).nextClose()).toMatchObject({ code: CLOSE_CODES.unauthenticated });
  });

  it('refuses a room whose instance record was never PUT with 4404', async () => {
    const { server, owner } = await start();
    expect(await client(server, `instance:${randomUUID()}`, owner.token).nextClose()).toMatchObject({ code: CLOSE_CODES.unknownRoom });
  });

  it.each(['instance:not-a-uuid', 'document:7b0c1a8e-8d0f-4a55-9a57-6a4c1c1f7e21', 'instance:7B0C1A8E-8D0F-4A55-9A57-6A4C1C1F7E21'])(
    'refuses the forged room name %s with 4404',
    async (room) => {
      const { server, owner } = await start();
      expect(await client(server, room, owner.token).nextClose()).toMatchObject({ code: CLOSE_CODES.unknownRoom });
    },
  );

  it('lets an admin read another member’s instance, but the admin’s writes never land', async () => {
    const { server, owner, admin } = await start();
    const { room } = await putInstance(server, owner);
    const ownerClient = client(server, room, owner.token);
    await ownerClient.synced();
    ownerClient.doc.getMap('answers').set('by-owner', 1);
    const viewer = client(server, room, admin.token);
    await waitFor(() => viewer.doc.getMap('answers').get('by-owner') === 1, 'the admin to receive the owner’s edit');
    const before = server.server.rooms.relay.stats().droppedReadOnlyFrames;
    viewer.doc.getMap('answers').set('by-admin', 1);
    await droppedWrites(server, before);
    await server.server.rooms.relay.drain();
    const fresh = client(server, room, owner.token);
    await fresh.synced();
    expect(fresh.doc.getMap('answers').toJSON()).toEqual({ 'by-owner': 1 });
    expect(ownerClient.doc.getMap('answers').has('by-admin')).toBe(false);
    expect(viewer.closes).toEqual([]);
  });

  it('gives the owner of a finished instance a read-only connection', async () => {
    const { server, owner } = await start();
    const { room } = await putInstance(server, owner, { status: 'completed', completedAt: 1_700_000_002_000 });
    const ownerClient = client(server, room, owner.token);
    await ownerClient.synced();
    const before = server.server.rooms.relay.stats().droppedReadOnlyFrames;
    ownerClient.doc.getMap('answers').set('after-finish', 1);
    await droppedWrites(server, before);
    const fresh = client(server, room, owner.token);
    await fresh.synced();
    expect(fresh.doc.getMap('answers').has('after-finish')).toBe(false);
  });

  it('closes read-write connections with 4100 when the run is abandoned, and keeps the room read-only after', async () => {
    const { server, owner } = await start();
    const { room, id, body } = await putInstance(server, owner);
    const ownerClient = client(server, room, owner.token);
    await ownerClient.synced();
    const closed = ownerClient.nextClose();
    const abandoned = { ...body, status: 'abandoned', abandonedAt: 1_700_000_002_000, abandonReason: 'Wrong pump' };
    expect((await server.request('PUT', `/api/instances/${id}`, { token: owner.token, body: abandoned })).status).toBe(200);
    expect(await closed).toMatchObject({ code: CLOSE_CODES.accessChanged });
    const fresh = client(server, room, owner.token);
    await fresh.synced();
    const before = server.server.rooms.relay.stats().droppedReadOnlyFrames;
    fresh.doc.getMap('answers').set('after-abandon', 1);
    await droppedWrites(server, before);
  });

  it('closes open read-write connections with 4100 when the instance is finished; the client comes back read-only', async () => {
    const { server, owner, admin } = await start();
    const { room, id, body } = await putInstance(server, owner);
    const ownerClient = client(server, room, owner.token);
    const adminClient = client(server, room, admin.token);
    await Promise.all([ownerClient.synced(), adminClient.synced()]);
    ownerClient.doc.getMap('answers').set('before-finish', 1);
    await waitFor(() => adminClient.doc.getMap('answers').get('before-finish') === 1, 'the edit to reach the admin');

    const closed = ownerClient.nextClose();
    const finished = { ...body, status: 'submitted', submittedAt: 1_700_000_002_000 };
    expect((await server.request('PUT', `/api/instances/${id}`, { token: owner.token, body: finished })).status).toBe(200);
    expect(await closed).toMatchObject({ code: CLOSE_CODES.accessChanged });
    // 4100 is transient: the stock client reconnects by itself, and now gets read-only access.
    await waitFor(new Promise<void>((resolve) => ownerClient.provider.once('sync', () => resolve())), 'the reconnect');
    const before = server.server.rooms.relay.stats().droppedReadOnlyFrames;
    ownerClient.doc.getMap('answers').set('after-finish', 1);
    await droppedWrites(server, before);
    expect(adminClient.doc.getMap('answers').has('after-finish')).toBe(false);
    expect(adminClient.closes).toEqual([]);
  });

  it('keeps the token out of the log for websocket connections, accepted or refused', async () => {
    const lines: string[] = [];
    const { server, owner, other } = await start({ logger: { level: 'trace', stream: { write: (line) => void lines.push(line) } } });
    const { room } = await putInstance(server, owner);
    const accepted = client(server, room, owner.token);
    await accepted.synced();
    await client(server, room, other.token).nextClose();
    await client(server, `instance:${randomUUID()}`, owner.token).nextClose();
    accepted.doc.getMap('answers').set('x', 1);
    await server.server.rooms.relay.drain();

    const log = lines.join('');
    expect(log).toContain('connection joined');
    expect(log).toContain('connection refused');
    for (const token of [owner.token, other.token]) {
      expect(log).not.toContain(token);
      expect(log).not.toContain(token.split('.')[2]);
    }
  });

  it('stores open rooms and closes sockets and event streams on shutdown, so a restart serves the edits', async () => {
    const { server, owner } = await start();
    const { room } = await putInstance(server, owner);
    const ownerClient = client(server, room, owner.token);
    await ownerClient.synced();
    ownerClient.doc.getMap('answers').set('before-shutdown', 'kept');
    const events = await fetch(`${server.url}/api/events`, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(events.status).toBe(200);
    // The edit may still be in flight on the socket; shutdown must store what the relay holds.
    await waitFor(() => server.server.rooms.relay.roomDoc(room)?.getMap('answers').get('before-shutdown') === 'kept', 'the relay to apply the edit');

    const closed = ownerClient.nextClose();
    const dataDir = server.dataDir;
    await waitFor(server.server.close(), 'the server to close');
    expect((await closed).code).toBe(1001);
    await events.body?.cancel();
    ownerClient.destroy();

    const restarted = await startTestServer({ dataDir });
    relay = restarted;
    const fresh = client(restarted, room, owner.token);
    await fresh.synced();
    expect(fresh.doc.getMap('answers').get('before-shutdown')).toBe('kept');
  });
});
