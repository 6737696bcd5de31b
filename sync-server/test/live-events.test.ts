/** `GET /api/events`: server-sent `changes` events, scoped like the change feed (API.md). */
import { afterEach, describe, expect, it } from 'vitest';
import { activityOf, instanceFor, procedureDocument } from './helpers/records';
import { openEventStream } from './helpers/event-stream';
import type { EventStreamReader, SseMessage } from './helpers/event-stream';
import { startTestServer } from './helpers/test-server';
import type { TestServer, TestServerOptions } from './helpers/test-server';
import { waitFor } from './helpers/wait';

let relay: TestServer | undefined;
let streams: EventStreamReader[] = [];

afterEach(async () => {
  for (const stream of streams) await stream.close();
  streams = [];
  await relay?.close();
  relay = undefined;
});

interface Account {
  token: string;
  user: { id: string; role: string };
}

async function start(options: TestServerOptions = {}): Promise<{ server: TestServer; admin: Account; ada: Account; bob: Account }> {
  const server = await startTestServer(options);
  relay = server;
  const admin = await server.signup('admin@site.example', 'Admin');
  const ada = await server.signup('ada@site.example', 'Ada');
  const bob = await server.signup('bob@site.example', 'Bob');
  return { server, admin, ada, bob };
}

async function listen(server: TestServer, token: string | undefined): Promise<EventStreamReader> {
  const stream = await openEventStream(server.url, token);
  streams.push(stream);
  return stream;
}

const isChanges = (message: SseMessage): boolean => message.event === 'changes';
const seqOf = (message: SseMessage): number => (JSON.parse(message.data) as { seq: number }).seq;

/** The seq of the record `id` in `account`'s change feed. */
async function feedSeq(server: TestServer, account: Account, id: string): Promise<number> {
  const res = await server.request('GET', '/api/changes?limit=1000', { token: account.token });
  const change = res.body.changes.find((c) => c.id === id);
  if (!change) throw new Error(`${id} is not in the feed`);
  return change.seq;
}

describe('GET /api/events', () => {
  it('answers an event stream and sends `changes` when another device of the same user PUTs an activity', async () => {
    const { server, ada } = await start();
    // An event needs its instance on the relay; that write happens before the stream opens.
    const instance = instanceFor(ada.user.id);
    expect((await server.request('PUT', `/api/instances/${instance.id}`, { token: ada.token, body: instance })).status).toBe(200);
    const phone = await listen(server, ada.token);
    expect(phone.status).toBe(200);
    expect(phone.headers.get('content-type')).toMatch(/^text\/event-stream/);

    // The other device signs in separately: a different token for the same account.
    const login = await server.request('POST', '/api/auth/login', { body: { email: 'ada@site.example', password: 'correct horse battery' } });
    const event = activityOf(instance);
    expect((await server.request('PUT', `/api/activity/${event.id}`, { token: login.body.token, body: event })).status).toBe(200);

    const message = await phone.next(isChanges, 'a changes event');
    expect(seqOf(message)).toBe(await feedSeq(server, ada, event.id));
  });

  it('does not tell a member about another member’s instances or activity, but does about documents', async () => {
    const { server, admin, ada, bob } = await start();
    const adaStream = await listen(server, ada.token);
    const bobInstance = instanceFor(bob.user.id);
    const bobActivity = activityOf(bobInstance);
    await server.request('PUT', `/api/instances/${bobInstance.id}`, { token: bob.token, body: bobInstance });
    expect((await server.request('PUT', `/api/activity/${bobActivity.id}`, { token: bob.token, body: bobActivity })).status).toBe(200);
    const doc = procedureDocument();
    await server.request('PUT', `/api/documents/${doc.id}`, { token: admin.token, body: doc });

    // Events on one stream arrive in commit order: had Bob's changes been sent, they would come first.
    const first = await adaStream.next(isChanges, 'the document change');
    expect(seqOf(first)).toBe(await feedSeq(server, ada, doc.id));
    const hidden = [await feedSeq(server, bob, bobInstance.id), await feedSeq(server, bob, bobActivity.id)];
    expect(adaStream.received.filter(isChanges).map(seqOf).some((seq) => hidden.includes(seq))).toBe(false);
  });

  it('tells an admin about everyone’s instances and activity (admins review every run)', async () => {
    const { server, admin, bob } = await start();
    const adminStream = await listen(server, admin.token);
    const bobInstance = instanceFor(bob.user.id);
    const bobActivity = activityOf(bobInstance);
    await server.request('PUT', `/api/instances/${bobInstance.id}`, { token: bob.token, body: bobInstance });
    expect((await server.request('PUT', `/api/activity/${bobActivity.id}`, { token: bob.token, body: bobActivity })).status).toBe(200);

    const first = await adminStream.next(isChanges, 'the instance change');
    expect(seqOf(first)).toBe(await feedSeq(server, admin, bobInstance.id));
    const second = await adminStream.next(isChanges, 'the activity change');
    expect(seqOf(second)).toBe(await feedSeq(server, admin, bobActivity.id));
    expect(adminStream.received.filter(isChanges)).toHaveLength(2);
  });

  it('sends nothing for a write that changed nothing or was refused', async () => {
    const { server, ada, bob } = await start();
    const [first, second] = [instanceFor(ada.user.id), instanceFor(ada.user.id)];
    for (const instance of [first, second]) await server.request('PUT', `/api/instances/${instance.id}`, { token: ada.token, body: instance });
    const stream = await listen(server, ada.token);
    const event = activityOf(first);
    expect((await server.request('PUT', `/api/activity/${event.id}`, { token: ada.token, body: event })).status).toBe(200);
    await stream.next(isChanges, 'the first write');
    // A replay (insert-if-absent) and a refused write (403) commit no change.
    await server.request('PUT', `/api/activity/${event.id}`, { token: ada.token, body: event });
    const stolen = instanceFor(ada.user.id);
    expect((await server.request('PUT', `/api/instances/${stolen.id}`, { token: bob.token, body: stolen })).status).toBe(403);
    const marker = activityOf(second);
    await server.request('PUT', `/api/activity/${marker.id}`, { token: ada.token, body: marker });
    const next = await stream.next(isChanges, 'the marker write');
    expect(seqOf(next)).toBe(await feedSeq(server, ada, marker.id));
  });

  it('sends a heartbeat comment on the configured interval', async () => {
    const { server, ada } = await start({ events: { heartbeatMs: 20 } });
    const stream = await listen(server, ada.token);
    expect(await stream.next((m) => m.event === 'comment' && m.data === 'heartbeat', 'a heartbeat')).toBeDefined();
  });

  it('refuses a missing or bad token with 401 and a JSON error', async () => {
    const { server } = await start();
    for (const token of [undefined, 'garbage']) {
      const stream = await listen(server, token);
      expect(stream.status).toBe(401);
    }
    const res = await server.request('GET', '/api/events');
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('caps open streams per user with 429 and frees a slot when a stream disconnects', async () => {
    const { server, ada, bob } = await start({ events: { maxStreamsPerUser: 2 } });
    const first = await listen(server, ada.token);
    await listen(server, ada.token);
    const third = await server.request('GET', '/api/events', { token: ada.token });
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('rate_limited');
    expect((await listen(server, bob.token)).status).toBe(200);

    expect(server.server.openEventStreams()).toBe(3);
    await first.close();
    await waitFor(() => server.server.openEventStreams() === 2, 'the server to drop the closed stream');
    expect((await listen(server, ada.token)).status).toBe(200);
  });
});
