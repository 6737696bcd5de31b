/**
 * The client's address, as Fastify's `request.ip` sees it, for requests Fastify never routes
 * (websocket upgrades). Both use one trust function, so a per-address websocket cap and the
 * HTTP rate limits agree on who the client is behind a proxy (`TRUST_PROXY`).
 */
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { TrustProxy } from '../config';

export type TrustFunction = (address: string, hop: number) => boolean;

/**
 * `TRUST_PROXY` as Fastify's `trustProxy` option: a hop count becomes a function (Fastify's types
 * want one, and its own numeric handling trusts no hop at all), everything else is passed as is.
 */
export function fastifyTrustProxy(trustProxy: TrustProxy): boolean | string | TrustFunction {
  return typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy;
}

/** The trust function Fastify builds from that option (`fastify/lib/request.js`). */
function trustFunction(trustProxy: TrustProxy): TrustFunction | undefined {
  const option = fastifyTrustProxy(trustProxy);
  if (option === false) return undefined;
  if (option === true) return () => true;
  if (typeof option === 'function') return option;
  return proxyAddr.compile(option.split(',').map((value) => value.trim()));
}

/** `request => address`: the socket's address, or the client per `X-Forwarded-For` through trusted proxies. */
export function clientAddressResolver(trustProxy: TrustProxy): (request: IncomingMessage) => string {
  const trust = trustFunction(trustProxy);
  if (!trust) return (request) => request.socket.remoteAddress ?? 'unknown';
  return (request) => {
    const chain = proxyAddr.all(request, trust);
    return chain[chain.length - 1] ?? request.socket.remoteAddress ?? 'unknown';
  };
}
