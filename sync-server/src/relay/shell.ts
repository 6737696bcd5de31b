/**
 * Thin node:http + ws shell around the core: authorize on 'upgrade' (before the handshake
 * completes), then pipe frames into the core. The token never appears in a log line.
 */
import { STATUS_CODES } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { CLOSE_CODES } from '../../../src/protocol';
import { ConnectionGate } from './connection-gate';
import { TRANSIENT_CLOSE } from './core';
import type { PeerHandle, Relay } from './core';

export interface AttachOptions {
  /** URL prefix; defaults to the relay's `settings.path` ('/yjs/'). */
  readonly path?: string;
  /**
   * The client's address for the per-address limits (SPEC R15); default the socket's. The server
   * passes one that reads `X-Forwarded-For` through the proxies `TRUST_PROXY` trusts.
   */
  readonly clientAddress?: (request: IncomingMessage) => string;
}

/** How often the connection gate forgets idle addresses. */
const GATE_PRUNE_MS = 10_000;

export interface RelayAttachment {
  /** Stop accepting upgrades and pinging; open sockets are closed by `relay.close()`. */
  detach(): void;
}

/** HTTP status for a refusal answered before the upgrade. */
function httpStatusFor(code: number): number {
  if (code === TRANSIENT_CLOSE.goingAway || code === TRANSIENT_CLOSE.tryAgainLater) return 503;
  if (code === TRANSIENT_CLOSE.internal) return 500;
  if (code >= 4400 && code <= 4499) return code - 4000;
  return 400;
}

function refuseHttp(socket: Duplex, status: number, reason: string, retryAfterSeconds?: number): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      (retryAfterSeconds === undefined ? '' : `Retry-After: ${retryAfterSeconds}\r\n`) +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.destroy();
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

export function attachRelay(server: Server, relay: Relay, options: AttachOptions = {}): RelayAttachment {
  const path = options.path ?? relay.settings.path;
  const { maxBufferedBytes, hardFrameBytes, refuseWith, closeGraceMs, connections } = relay.settings;
  const clientAddress = options.clientAddress ?? ((request: IncomingMessage) => request.socket.remoteAddress ?? 'unknown');
  const gate = connections ? new ConnectionGate(connections) : undefined;
  const wss = new WebSocketServer({ noServer: true, maxPayload: hardFrameBytes, perMessageDeflate: false, clientTracking: true });
  const alive = new WeakSet<WebSocket>();
  // Frames sent to one socket within one event-loop turn leave in one writev (fan-out is
  // dominated by write syscalls): sockets are corked on first send and uncorked together.
  const corked = new Set<Duplex>();
  const uncorkAll = (): void => {
    for (const socket of corked) socket.uncork();
    corked.clear();
  };
  const sendCorked = (ws: WebSocket, bytes: Uint8Array): void => {
    const socket = (ws as unknown as { _socket?: Duplex })._socket;
    if (socket && !corked.has(socket)) {
      if (corked.size === 0) setImmediate(uncorkAll);
      corked.add(socket);
      socket.cork();
    }
    ws.send(bytes);
  };

  /**
   * Close and terminate after `closeGraceMs` if the client ignores the close. The core already
   * ignores the socket's frames; reading goes on only so a well-behaved client's close reply
   * ends the socket at once.
   */
  const closeAndStop = (ws: WebSocket, code: number, reason: string): void => {
    ws.close(code, reason);
    setTimeout(() => ws.terminate(), closeGraceMs).unref();
  };

  const accept = (request: IncomingMessage, socket: Duplex, head: Buffer, then: (ws: WebSocket) => void): void => {
    wss.handleUpgrade(request, socket, head, (ws) => {
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      then(ws);
    });
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'http://relay.invalid');
    if (!url.pathname.startsWith(path)) {
      // Not ours; refuse only if nobody else listens for upgrades.
      if (server.listenerCount('upgrade') === 1) refuseHttp(socket, 404, 'not found');
      return;
    }
    socket.on('error', () => socket.destroy());
    if (gate) {
      // R15: before the token check or the handshake, so a refusal costs one short write.
      const address = clientAddress(request);
      const verdict = gate.admit(address);
      if (!verdict.ok) {
        relay.logger.warn({ address, reason: verdict.reason }, 'connection refused before the upgrade');
        refuseHttp(socket, verdict.status, verdict.reason, verdict.retryAfterSeconds);
        return;
      }
      socket.once('close', verdict.release);
    }
    let room: string;
    try {
      room = decodeURIComponent(url.pathname.slice(path.length));
    } catch {
      refuseHttp(socket, 404, 'unknown room');
      return;
    }
    const token = url.searchParams.get('token') ?? undefined;
    const ackStored = url.searchParams.get('ack') === '1';
    void relay.admit({ room, token }).then((admission) => {
      if (socket.destroyed) return;
      if (!admission.ok) {
        relay.logger.info({ room, code: admission.code, reason: admission.reason }, 'connection refused');
        if (refuseWith === 'http') refuseHttp(socket, httpStatusFor(admission.code), admission.reason);
        else accept(request, socket, head, (ws) => closeAndStop(ws, admission.code, admission.reason));
        return;
      }
      accept(request, socket, head, (ws) => {
        const peer: PeerHandle = relay.join(
          {
            send: (bytes) => {
              if (ws.bufferedAmount > maxBufferedBytes) {
                relay.logger.warn({ room, principal: admission.principal.id }, 'slow consumer; dropping connection');
                // The peer is gone now: frames still queued on the socket are not handled (and
                // their answers not sent or logged) before the socket's close event.
                peer.disconnect();
                ws.pause();
                ws.terminate();
                return;
              }
              sendCorked(ws, bytes);
            },
            close: (code, reason) => closeAndStop(ws, code, reason),
          },
          { room, principal: admission.principal, access: admission.access, ackStored },
        );
        let refusedText = false;
        ws.on('message', (data, isBinary) => {
          if (!isBinary) {
            // Once: a flood of text frames must not start one terminate timer per frame.
            if (refusedText) return;
            refusedText = true;
            peer.disconnect();
            closeAndStop(ws, CLOSE_CODES.badMessage, 'text frames are not part of the protocol');
            return;
          }
          peer.receive(toBytes(data));
        });
        ws.on('close', () => peer.disconnect());
        ws.on('error', () => peer.disconnect());
      });
    });
  };

  server.on('upgrade', onUpgrade);
  // One timer for all sockets: a socket that missed the last pong is dropped.
  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, relay.settings.pingIntervalMs);
  pinger.unref();
  const pruner = gate ? setInterval(() => gate.prune(), GATE_PRUNE_MS) : undefined;
  pruner?.unref();

  return {
    detach() {
      server.off('upgrade', onUpgrade);
      clearInterval(pinger);
      clearInterval(pruner);
      wss.close();
    },
  };
}
