import helmet from '@fastify/helmet';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of every response (DESIGN §5.1). Everything the app loads is its
 * own: bundled scripts and stylesheets, the service worker, the manifest, same-origin fetch and
 * websocket. Images also come from `data:` and `blob:` URLs (QR codes, photos held on the device).
 * No inline script or `<style>`: React writes style attributes through the CSSOM, which
 * `style-src 'self'` allows (only markup attributes and `setAttribute('style')` are blocked).
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
} as const;

/** HSTS, sent only on requests that arrived over TLS (directly, or per a trusted proxy's X-Forwarded-Proto). */
const HSTS = { maxAge: 180 * 24 * 60 * 60, includeSubDomains: true } as const;

const HELMET_OPTIONS: FastifyHelmetOptions = {
  global: true,
  // Not helmet's defaults: those add upgrade-insecure-requests, which breaks a relay on plain HTTP in a LAN.
  contentSecurityPolicy: { useDefaults: false, directives: { ...CSP_DIRECTIVES } },
  referrerPolicy: { policy: 'no-referrer' },
  frameguard: { action: 'deny' },
  hsts: false,
};

/** API answers are per-caller and may carry tokens: never stored by a browser or a proxy. */
const isApiUrl = (url: string): boolean => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

/**
 * Security headers on every response through @fastify/helmet (CSP, nosniff, Referrer-Policy
 * no-referrer, frame denial), HSTS when the request came over TLS, and `Cache-Control: no-store`
 * on `/api/*`.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  void app.register(helmet, HELMET_OPTIONS);
  app.addHook('onRequest', async (request, reply) => {
    if (isApiUrl(request.url)) void reply.header('cache-control', 'no-store');
  });
  // In onSend, after helmet's own onRequest hook has given the reply its `helmet` decorator.
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https' && typeof reply.helmet === 'function') reply.helmet({ hsts: HSTS });
  });
}
