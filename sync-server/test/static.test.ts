import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from './helpers/temp-dir';
import { startTestServer } from './helpers/test-server';
import type { TestServer } from './helpers/test-server';

const INDEX = '<!doctype html><title>Fieldbook</title><div id="root"></div>';

function buildStaticDir(): string {
  const dir = makeTempDir('fieldbook-dist-');
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), INDEX);
  writeFileSync(path.join(dir, 'sw.js'), 'self.addEventListener("install", () => {});');
  writeFileSync(path.join(dir, 'registerSW.js'), '/* register */');
  writeFileSync(path.join(dir, 'manifest.webmanifest'), '{"name":"Fieldbook"}');
  writeFileSync(path.join(dir, 'assets', 'index-3f9a1c.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'icon-192.png'), 'png');
  return dir;
}

describe('static PWA', () => {
  let relay: TestServer;
  beforeAll(async () => {
    relay = await startTestServer({ staticDir: buildStaticDir() });
  });
  afterAll(async () => {
    await relay.close();
  });

  it('serves the shell, service worker and manifest with Cache-Control: no-cache', async () => {
    for (const file of ['/', '/index.html', '/sw.js', '/registerSW.js', '/manifest.webmanifest']) {
      const res = await relay.request('GET', file);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('cache-control'), file).toBe('no-cache');
    }
    expect((await relay.request('GET', '/')).text).toBe(INDEX);
  });

  it('serves hashed assets as immutable for a year', async () => {
    const res = await relay.request('GET', '/assets/index-3f9a1c.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('answers an unknown page navigation with index.html (SPA fallback)', async () => {
    const res = await relay.request('GET', '/instances/123?tab=notes', { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(res.status).toBe(200);
    expect(res.text).toBe(INDEX);
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('does not fall back for API paths, websocket paths, missing assets or non-HTML requests', async () => {
    const html = { accept: 'text/html' };
    for (const [url, headers] of [
      ['/api/unknown', html],
      ['/yjs/instance:abc', html],
      ['/assets/missing.js', {}],
      ['/instances/123', { accept: 'application/json' }],
    ] as const) {
      const res = await relay.request('GET', url, { headers });
      expect(res.status, url).toBe(404);
      expect(res.body.error.code, url).toBe('not_found');
    }
  });
});

describe('without a built PWA', () => {
  it('still starts and serves the API', async () => {
    const relay = await startTestServer({ staticDir: path.join(makeTempDir(), 'dist-missing') });
    try {
      expect((await relay.request('GET', '/healthz')).status).toBe(200);
      const page = await relay.request('GET', '/', { headers: { accept: 'text/html' } });
      expect(page.status).toBe(404);
    } finally {
      await relay.close();
    }
  });
});
