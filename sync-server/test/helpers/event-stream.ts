/** Read `GET /api/events` the way the client does (fetch + stream, bearer header), with deadlines. */
import { waitFor } from './wait';

export interface SseMessage {
  readonly event: string;
  readonly data: string;
}

export interface EventStreamReader {
  readonly status: number;
  readonly headers: Headers;
  /** Every event received so far; comments (heartbeats) are kept as `{event: 'comment', data}`. */
  readonly received: SseMessage[];
  /** The next received message (already buffered or future) that satisfies `predicate`. */
  next(predicate: (message: SseMessage) => boolean, what: string, timeoutMs?: number): Promise<SseMessage>;
  close(): Promise<void>;
}

function parseBlock(block: string): SseMessage {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) return { event: 'comment', data: line.slice(1).trim() };
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return { event, data: data.join('\n') };
}

export async function openEventStream(baseUrl: string, token: string | undefined): Promise<EventStreamReader> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/events`, {
    headers: { accept: 'text/event-stream', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    signal: controller.signal,
  });
  const received: SseMessage[] = [];
  let cursor = 0;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of [...waiters]) waiter();
  };

  let pump: Promise<void> = Promise.resolve();
  if (response.ok && response.body) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    pump = (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            received.push(parseBlock(buffer.slice(0, end)));
            buffer = buffer.slice(end + 2);
          }
          wake();
        }
      } catch {
        // aborted by close()
      }
    })();
  } else {
    await response.body?.cancel();
  }

  return {
    status: response.status,
    headers: response.headers,
    received,
    next(predicate, what, timeoutMs) {
      const found = new Promise<SseMessage>((resolve) => {
        const check = () => {
          while (cursor < received.length) {
            const message = received[cursor++];
            if (message && predicate(message)) {
              waiters.delete(check);
              resolve(message);
              return;
            }
          }
        };
        waiters.add(check);
        check();
      });
      return waitFor(found, what, timeoutMs);
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}
