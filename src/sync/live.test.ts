import { describe, expect, it } from 'vitest';
import type { Timers } from './backoff';
import { createLiveFeed } from './live';
import { createSseParser } from './sse-parser';

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

function manualTimers() {
  const scheduled = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  const timers: Timers = {
    set(callback, ms) {
      const id = next++;
      scheduled.set(id, { callback, ms });
      return id;
    },
    clear: (handle) => void scheduled.delete(handle as number),
  };
  return {
    timers,
    delays: () => [...scheduled.values()].map((t) => t.ms),
    fire(ms: number) {
      for (const [id, t] of [...scheduled]) {
        if (t.ms !== ms) continue;
        scheduled.delete(id);
        t.callback();
      }
    },
  };
}

/** An SSE response whose body the test writes to. */
function sseStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => (controller = c) });
  const encoder = new TextEncoder();
  return {
    response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    write: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
  };
}

/** Resolves once `predicate` holds, checking after each macrotask turn (no fixed sleeps). */
async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !predicate(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(predicate()).toBe(true);
}

describe('live feed', () => {
  it('opens /api/events with a Bearer header (no token in the URL) and pulls on `changes`', async () => {
    const t = manualTimers();
    const stream = sseStream();
    const calls: { url: string; headers: Record<string, string> }[] = [];
    let pulls = 0;
    let opens = 0;
    const feed = createLiveFeed({
      getToken: () => 'secret-token',
      onChanges: () => (pulls += 1),
      onOpen: () => (opens += 1),
      timers: t.timers,
      fetch: (input, init = {}) => {
        calls.push({ url: input instanceof Request ? input.url : input instanceof URL ? input.href : input, headers: init.headers as Record<string, string> });
        return Promise.resolve(stream.response);
      },
    });
    feed.start();
    await until(() => feed.getStatus().state === 'open');
    expect(calls[0]?.url).toBe('/api/events');
    expect(calls[0]?.url).not.toContain('secret-token');
    expect(calls[0]?.headers.Authorization).toBe('Bearer secret-token');
    expect(opens).toBe(1);
    t.fire(150); // the catch-up pull after opening
    expect(pulls).toBe(1);

    stream.write('event: changes\ndata: {}\n\nevent: changes\ndata: {}\n\n');
    await until(() => t.delays().includes(150));
    t.fire(150);
    expect(pulls).toBe(2); // two events in a burst, one pull

    stream.end();
    await until(() => feed.getStatus().state === 'waiting');
    feed.stop();
    expect(feed.getStatus().state).toBe('stopped');
  });

  it('falls back to polling every 5 s when the relay has no /api/events', async () => {
    const t = manualTimers();
    let pulls = 0;
    const feed = createLiveFeed({
      getToken: () => 'tok',
      onChanges: () => (pulls += 1),
      timers: t.timers,
      fetch: () => Promise.resolve(new Response(JSON.stringify({ error: { code: 'not_found', message: 'no route' } }), { status: 404 })),
    });
    feed.start();
    await until(() => feed.getStatus().state === 'polling');
    t.fire(5_000);
    t.fire(5_000);
    expect(pulls).toBe(2);
    feed.stop();
    expect(t.delays()).toEqual([]);
  });

  it('reconnects with backoff after a network error', async () => {
    const t = manualTimers();
    let attempts = 0;
    const feed = createLiveFeed({
      getToken: () => 'tok',
      onChanges: () => undefined,
      timers: t.timers,
      random: () => 1,
      fetch: () => {
        attempts += 1;
        return Promise.reject(new TypeError('Failed to fetch'));
      },
    });
    feed.start();
    await until(() => feed.getStatus().state === 'waiting');
    expect(t.delays()).toEqual([1_000]);
    t.fire(1_000);
    await until(() => attempts === 2 && feed.getStatus().state === 'waiting');
    expect(t.delays()).toEqual([2_000]);
    feed.stop();
  });

  it('stops when signed out (no token)', () => {
    const feed = createLiveFeed({ getToken: () => null, onChanges: () => undefined, fetch: () => Promise.reject(new Error('not called')) });
    feed.start();
    expect(feed.getStatus().state).toBe('stopped');
  });
});
