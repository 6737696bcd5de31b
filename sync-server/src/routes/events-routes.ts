import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { API_ROUTES, ERROR_CODES, LIVE_EVENT } from '../../../src/protocol';
import type { ChangesEvent } from '../../../src/protocol';
import type { Authenticate } from '../auth/authenticate';
import { HttpError } from '../errors';
import { isVisibleTo } from '../events/change-bus';
import type { ChangeBus, ChangeNotice, Viewer } from '../events/change-bus';

export interface EventsRouteDeps {
  readonly bus: ChangeBus;
  readonly authenticate: Authenticate;
  /** A comment line this often keeps proxies and the client's idle timer from closing the stream. */
  readonly heartbeatMs: number;
  /** Open streams per user; one more is `429 rate_limited`. */
  readonly maxStreamsPerUser: number;
}

export interface EventStreams {
  /** Streams open now (all users). */
  count(): number;
  /** End every open stream (server shutdown): the clients reconnect to the next relay. */
  closeAll(): void;
  /** End the member's open streams (signed out by an admin): their reconnect is refused with 401. */
  closeUser(userId: string): void;
}

const changesEvent = (notice: ChangeNotice): string => {
  const data: ChangesEvent = { seq: notice.seq };
  return `event: ${LIVE_EVENT.changes}\ndata: ${JSON.stringify(data)}\n\n`;
};

/**
 * `GET /api/events`: server-sent events telling a client that the change feed holds something
 * new for it, so it pulls `GET /api/changes` now instead of polling. The events carry only the
 * seq, never a record: the feed stays the one place that applies scope and paging.
 */
export function registerEventsRoutes(app: FastifyInstance, deps: EventsRouteDeps): EventStreams {
  const { bus, authenticate, heartbeatMs, maxStreamsPerUser } = deps;
  const open = new Map<string, Set<ServerResponse>>();
  const count = () => [...open.values()].reduce((sum, streams) => sum + streams.size, 0);

  app.get(API_ROUTES.events.path, async (request, reply) => {
    const caller = await authenticate(request);
    const mine = open.get(caller.id) ?? new Set<ServerResponse>();
    if (mine.size >= maxStreamsPerUser) {
      throw new HttpError(429, ERROR_CODES.rateLimited, `At most ${maxStreamsPerUser} event streams per account; close one first`);
    }
    const viewer: Viewer = { kind: 'member', userId: caller.id, isAdmin: caller.role === 'admin' };
    const res = reply.raw;
    mine.add(res);
    open.set(caller.id, mine);

    // Fastify hands the socket over: from here on this handler owns the response.
    reply.hijack();
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      // nginx and similar buffer responses unless told otherwise.
      'x-accel-buffering': 'no',
    });
    // A first line right away, so the client's fetch resolves and it knows the stream is open.
    res.write(': connected\n\n');

    const unsubscribe = bus.subscribe((notice) => {
      if (isVisibleTo(notice, viewer) && !res.writableEnded) res.write(changesEvent(notice));
    });
    const heartbeat = setInterval(() => {
      if (!res.writableEnded) res.write(': heartbeat\n\n');
    }, heartbeatMs);
    heartbeat.unref();

    res.once('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      mine.delete(res);
      if (mine.size === 0 && open.get(caller.id) === mine) open.delete(caller.id);
      request.log.debug({ userId: caller.id }, 'event stream closed');
    });
    res.on('error', () => res.destroy());
    request.log.debug({ userId: caller.id }, 'event stream opened');
  });

  return {
    count,
    closeAll() {
      for (const streams of open.values()) for (const res of streams) res.end();
    },
    closeUser(userId) {
      for (const res of open.get(userId) ?? []) res.end();
    },
  };
}
