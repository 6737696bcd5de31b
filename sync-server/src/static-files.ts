import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES } from '../../src/protocol';
import { HttpError } from './errors';

/** Files the browser must revalidate on every load, or an old service worker / shell sticks. */
const ALWAYS_REVALIDATE = new Set(['index.html', 'sw.js', 'manifest.webmanifest', 'registerSW.js']);
const NO_CACHE = 'no-cache';
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Other unhashed files (icons, robots.txt): short shared cache, then revalidate. */
const SHORT = 'public, max-age=3600';

function cacheControlFor(root: string, file: string): string {
  const relative = path.relative(root, file).split(path.sep);
  if (relative[0] === 'assets' && relative.length > 1) return IMMUTABLE; // content-hashed names
  return ALWAYS_REVALIDATE.has(path.basename(file)) ? NO_CACHE : SHORT;
}

/** Source maps hold the full TypeScript sources: never served, not even when a build left them in dist. */
const isSourceMap = (url: string): boolean => /\.map$/i.test(url.split('?')[0] ?? '');

const isApiPath = (url: string): boolean => /^\/(api|yjs)(\/|\?|$)/.test(url) || url === '/healthz';

/**
 * Serve the built PWA from `staticDir` and answer unknown navigations with index.html (SPA
 * fallback). Returns false (API only) when the build is missing.
 */
export function registerStaticFiles(app: FastifyInstance, staticDir: string): boolean {
  const root = path.resolve(staticDir);
  const hasIndex = existsSync(path.join(root, 'index.html'));
  if (hasIndex) {
    void app.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: true,
      cacheControl: false,
      allowedPath: (pathName) => !isSourceMap(pathName),
      setHeaders: (reply, file) => {
        reply.header('cache-control', cacheControlFor(root, file));
      },
    });
  } else {
    app.log.warn({ staticDir: root }, 'no built PWA found (index.html missing); serving the API only');
  }

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const wantsPage = (request.method === 'GET' || request.method === 'HEAD') && (request.headers.accept ?? '').includes('text/html');
    if (hasIndex && wantsPage && !isApiPath(request.url) && !isSourceMap(request.url)) {
      return reply.header('cache-control', NO_CACHE).sendFile('index.html');
    }
    throw new HttpError(404, ERROR_CODES.notFound, `No route for ${request.method} ${request.url.split('?')[0] ?? ''}`);
  });
  return hasIndex;
}
