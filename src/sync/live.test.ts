/**
 * The SSE parser, and the live feed against the real relay's `GET /api/events` (HTTP on port 0,
 * the real fetch). Timers and browser events come from a manual platform; an old relay without
 * `/api/events` (404) is the one answer injected by the fetch wrapper.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { procedureDocument } from '../../sync-server/test/helpers/records';
import { createLiveFeed } from './live';
import { closeRelays, faultyFetch, startWorkspace } from './test-relay';
import { manualPlatform } from './test-platform';
import { createSseParser } from './sse-parser';

afterEach(closeRelays);

describe('SSE parser', () => {
  it('dispatches named events on a blank line and joins data lines', () => {
    const parser = createSseParser();
    expect(parser.push('event: changes\ndata: {"seq":1}\ndata: more\n\n')).toEqual([{ event: 'changes', data: '{"seq":1}\nmore' }]);
  });

  it('handles chunks split anywhere, CRLF and lone CR line ends, comments and ids', () => {
    const parser = createSseParser();
    const stream = ': keep-alive\r\nid: 7\r\nevent: changes\rdata: x\r\n\r\ndata: plain\n\n';
    const events = [];
    for (const ch of stream) events.push(...parser.push(ch));
    expect(events).toEqual([
      { event: 'changes', data: 'x', id: '7' },
      { event: 'message', data: 'plain', id: '7' },
    ]);
    expect(parser.lastEventId()).toBe('7');
  });

  it('does not dispatch an event without data, and reads retry', () => {
    const parser = createSseParser();
    expect(parser.push('event: changes\n\nretry: 3000\n\n')).toEqual([]);
    expect(parser.retryMs()).toBe(3000);
  });

  it('keeps a CR at a chunk end from making an empty line of the LF that follows', () => {
    const parser = createSseParser();
    expect(parser.push('data: a\r')).toEqual([]);
    expect(parser.push('\ndata: b\n\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });
});

/** Resolves once `predicate` holds (polled; the relay answers over real sockets). */
async function until(predicate: () => boolean): Promise<void> {
  await expect.poll(predicate, { timeout: 10_000, interval: 5 }).toBe(true);
}

const countOf = (text: string, needle: string): number => text.split(needle).length - 1;

describe('live feed', () => {
  it('opens /api/events with a Bearer header (no token in the URL) and pulls on `changes`', async () => {
    const ws = await startWorkspace();
    const ann = await ws.server.signup('ann@site.example', 'Ann Crew');
    const t = manualPlatform();
    const net = faultyFetch();
    let pulls = 0;
    let opens = 0;
    const feed = createLiveFeed({
      baseUrl: ws.server.url,
      getToken: () => ann.token,
      onChanges: () => (pulls += 1),
      onOpen: () => (opens += 1),
      platform: t,
      fetch: net.fetch,
    });
    feed.start();
    await until(() => feed.getStatus().state === 'open');
    expect(net.requests[0]?.path).toBe('/api/events');
    expect(net.requests[0]?.path).not.toContain(ann.token);
    expect(net.requests[0]?.headers.Authorization).toBe(`Bearer ${ann.token}`);
    expect(opens).toBe(1);
    t.fire(150); // the catch-up pull after opening
    expect(pulls).toBe(1);

    // Two documents published: every member's feed hears of both.
    for (const doc of [procedureDocument(), procedureDocument()]) {
      expect((await ws.server.request('PUT', `/api/documents/${doc.id}`, { token: ws.admin.token, body: doc })).status).toBe(200);
    }
    await until(() => countOf(net.streamed(), 'event: changes') === 2);
    expect(t.delays().filter((ms) => ms === 150)).toHaveLength(1);
    t.fire(150);
    expect(pulls).toBe(2); // two events in a burst, one pull

    // Signed out everywhere by the admin: the relay ends the stream, the feed waits to reopen.
    expect((await ws.server.request('POST', `/api/users/${ann.user.id}/sign-out`, { token: ws.admin.token, body: {} })).status).toBe(200);
    await until(() => feed.getStatus().state === 'waiting');
    feed.stop();
    expect(feed.getStatus().state).toBe('stopped');
  });

  it('falls back to polling every 5 s when the relay has no /api/events', async () => {
    const ws = await startWorkspace();
    const t = manualPlatform();
    const net = faultyFetch();
    net.fail({ kind: 'status', status: 404, code: 'not_found' }, (path) => path.startsWith('/api/events'));
    let pulls = 0;
    const feed = createLiveFeed({ baseUrl: ws.server.url, getToken: () => ws.admin.token, onChanges: () => (pulls += 1), platform: t, fetch: net.fetch });
    feed.start();
    await until(() => feed.getStatus().state === 'polling');
    t.fire(5_000);
    t.fire(5_000);
    expect(pulls).toBe(2);
    feed.stop();
    expect(t.delays()).toEqual([]);
  });

  it('reconnects with backoff after a network error', async () => {
    // A relay that was there and is gone: the port refuses the connection.
    const ws = await startWorkspace();
    const url = ws.server.url;
    await closeRelays();
    const t = manualPlatform();
    const net = faultyFetch();
    const feed = createLiveFeed({ baseUrl: url, getToken: () => 'tok', onChanges: () => undefined, platform: t, random: () => 1, fetch: net.fetch });
    feed.start();
    await until(() => feed.getStatus().state === 'waiting');
    expect(t.delays()).toEqual([1_000]);
    t.fire(1_000);
    await until(() => net.requests.length === 2 && feed.getStatus().state === 'waiting');
    expect(t.delays()).toEqual([2_000]);
    feed.stop();
  });

  it('stops when signed out (no token)', () => {
    const feed = createLiveFeed({ getToken: () => null, onChanges: () => undefined, platform: manualPlatform(), fetch: () => Promise.reject(new Error('not called')) });
    feed.start();
    expect(feed.getStatus().state).toBe('stopped');
  });
});
