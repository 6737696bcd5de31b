import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nestsDeeperThan } from '../src/http/json-body';
import { instanceFor } from './helpers/records';
import { makeTempDir } from './helpers/temp-dir';
import { startTestServer } from './helpers/test-server';
import type { TestServer, TestServerOptions } from './helpers/test-server';

let relay: TestServer | undefined;
afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

async function start(options: TestServerOptions = {}): Promise<TestServer> {
  relay = await startTestServer(options);
  return relay;
}

/** Raw HTTP over a socket: send `head` (and `body`), resolve with everything the relay answers until it closes or `waitMs` passes. */
function rawExchange(url: string, head: string, options: { body?: string; dripBody?: boolean; waitMs?: number } = {}) {
  const { port } = new URL(url);
  return new Promise<{ text: string; closed: boolean; ms: number }>((resolve) => {
    const started = Date.now();
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    let drip: NodeJS.Timeout | undefined;
    const finish = (closed: boolean) => {
      clearInterval(drip);
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), options.waitMs ?? 10_000);
    socket.on('data', (chunk) => (text += chunk.toString('utf8')));
    socket.on('close', () => finish(true));
    socket.on('error', () => undefined);
    socket.write(head);
    if (options.body !== undefined) socket.write(options.body);
    if (options.dripBody) drip = setInterval(() => socket.write('['), 200);
  });
}

const statusOf = (text: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
const jsonOf = (text: string): { error: { code: string; message: string } } =>
  JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { error: { code: string; message: string } };

describe('request timeouts (DESIGN §5.1: bodies time out)', () => {
  it('cuts a body sent a byte at a time with 408 request_timeout once the request timeout passes', async () => {
    const { url } = await start({ requestTimeoutMs: 1_000, headersTimeoutMs: 1_000, timeoutCheckMs: 100 });
    const head = 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n';
    const res = await rawExchange(url, head, { dripBody: true, waitMs: 15_000 });
    expect(res.closed).toBe(true);
    expect(statusOf(res.text)).toBe(408);
    expect(jsonOf(res.text).error.code).toBe('request_timeout');
    expect(res.ms).toBeLessThan(10_000);
  });

  it('uses a 30 s request timeout by default', async () => {
    const { server } = await start();
    expect(server.app.server.requestTimeout).toBe(30_000);
    expect(server.app.server.headersTimeout).toBeLessThanOrEqual(30_000);
  });
});

describe('authentication before the body is parsed', () => {
  it('answers an unauthenticated PUT with 401 before its (huge, unfinished) body has arrived', async () => {
    const { url } = await start();
    const head = 'PUT /api/instances/x HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n';
    const res = await rawExchange(url, head, { body: '[[[[[[[[', waitMs: 3_000 });
    expect(statusOf(res.text)).toBe(401);
    expect(jsonOf(res.text).error.code).toBe('unauthenticated');
  });

  it('refuses JSON nested deeper than the limit with 400 json_too_deep', async () => {
    const r = await start();
    const { token, user } = await r.signup('ada@site.example');
    const deep = '['.repeat(5_000) + ']'.repeat(5_000);
    const res = await r.request('PUT', '/api/instances/x', { token, rawBody: deep, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('json_too_deep');
    const ok = instanceFor(user.id);
    expect((await r.request('PUT', `/api/instances/${ok.id}`, { token, body: ok })).status).toBe(200);
  });

  it('counts depth outside strings only', () => {
    expect(nestsDeeperThan('{"a":[[1]]}', 3)).toBe(false);
    expect(nestsDeeperThan('{"a":[[[1]]]}', 3)).toBe(true);
    expect(nestsDeeperThan(JSON.stringify({ a: '[[[[[[\\"[[[[' }), 2)).toBe(false);
  });

  it('caps sign-in, sign-up and redemption bodies at 16 KiB (413 payload_too_large)', async () => {
    const r = await start();
    const big = { email: 'a@b.co', password: 'x'.repeat(20_000), name: 'Ada' };
    for (const route of ['/api/auth/login', '/api/auth/signup', '/api/shares/redeem']) {
      const res = await r.request('POST', route, { body: big });
      expect(res.status, route).toBe(413);
      expect(res.body.error.code, route).toBe('payload_too_large');
    }
  });
});

describe('behind a proxy (TRUST_PROXY)', () => {
  const login = (r: TestServer, client: string, email = 'nobody@site.example') =>
    r.request('POST', '/api/auth/login', { body: { email, password: 'wrong password!' }, headers: { 'x-forwarded-for': client } });

  it('keys the sign-in limit on the client address from X-Forwarded-For when the proxy is trusted', async () => {
    const r = await start({ trustProxy: true, rateLimit: { max: 2, timeWindowMs: 60_000 }, loginBackoff: false });
    expect((await login(r, '203.0.113.1')).status).toBe(401);
    expect((await login(r, '203.0.113.1')).status).toBe(401);
    expect((await login(r, '203.0.113.1')).status).toBe(429);
    expect((await login(r, '203.0.113.2')).status).toBe(401);
  });

  it('ignores X-Forwarded-For by default: one budget per socket address', async () => {
    const r = await start({ rateLimit: { max: 2, timeWindowMs: 60_000 }, loginBackoff: false });
    await login(r, '203.0.113.1');
    await login(r, '203.0.113.1');
    expect((await login(r, '203.0.113.2')).status).toBe(429);
  });

  it('backs off per account: after 5 failures the account waits, whatever the address; a correct password resets', async () => {
    let clock = 1_700_000_000_000;
    const r = await start({ now: () => clock, trustProxy: true });
    await r.signup('ada@site.example', 'Ada', 'correct horse battery');
    for (let i = 0; i < 5; i++) expect((await login(r, `198.51.100.${i}`, 'ada@site.example')).status).toBe(401);
    const limited = await login(r, '198.51.100.99', 'ada@site.example');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await login(r, '198.51.100.99', 'other@site.example')).status).toBe(401);
    clock += 1_000;
    const ok = await r.request('POST', '/api/auth/login', { body: { email: 'ada@site.example', password: 'correct horse battery' } });
    expect(ok.status).toBe(200);
    expect((await login(r, '198.51.100.1', 'ada@site.example')).status).toBe(401);
  });
});

describe('security headers', () => {
  it('sends CSP, nosniff and no-referrer on every response, no-store on /api/*, HSTS only over TLS per a trusted proxy', async () => {
    const r = await start({ trustProxy: true });
    for (const urlPath of ['/healthz', '/api/me', '/api/nothing', '/nothing']) {
      const res = await r.request('GET', urlPath);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, urlPath).toContain("default-src 'self'");
      expect(csp, urlPath).toContain("frame-ancestors 'none'");
      expect(csp, urlPath).not.toContain('upgrade-insecure-requests');
      expect(res.headers.get('x-content-type-options'), urlPath).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), urlPath).toBe('no-referrer');
      expect(res.headers.get('strict-transport-security'), urlPath).toBeNull();
    }
    expect((await r.request('GET', '/api/me')).headers.get('cache-control')).toBe('no-store');
    expect((await r.request('GET', '/api/workspace')).headers.get('cache-control')).toBe('no-store');
    const tls = await r.request('GET', '/healthz', { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers.get('strict-transport-security')).toContain('max-age=');
  });

  it('sends no HSTS for X-Forwarded-Proto from an untrusted client', async () => {
    const r = await start();
    const res = await r.request('GET', '/healthz', { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('source maps', () => {
  it('never serves .map files: 404, even for a page navigation', async () => {
    const dir = makeTempDir('fieldbook-dist-');
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(path.join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'assets', 'index-abc.js.map'), '{"sources":["secret.ts"]}');
    const r = await start({ staticDir: dir });
    expect((await r.request('GET', '/assets/index-abc.js')).status).toBe(200);
    for (const accept of ['*/*', 'text/html']) {
      const res = await r.request('GET', '/assets/index-abc.js.map', { headers: { accept } });
      expect(res.status, accept).toBe(404);
      expect(res.text).not.toContain('secret.ts');
    }
  });
});

describe('framework errors in the API shape', () => {
  it('answers a path parameter over maxParamLength with 414 uri_too_long', async () => {
    const r = await start();
    const res = await r.request('PUT', `/api/instances/${'a'.repeat(500)}`, { body: {} });
    expect(res.status).toBe(414);
    expect(res.body.error.code).toBe('uri_too_long');
  });

  it('answers a URL with bad percent-encoding with 400 bad_request', async () => {
    const r = await start();
    const res = await rawExchange(r.url, 'GET /api/instances/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(statusOf(res.text)).toBe(400);
    expect(jsonOf(res.text).error.code).toBe('bad_request');
  });

  it('answers a bad Content-Length with 400 bad_request, logged once', async () => {
    const lines: string[] = [];
    const r = await start({ logger: { level: 'info', stream: { write: (line) => void lines.push(line) } } });
    const res = await rawExchange(r.url, 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}');
    expect(statusOf(res.text)).toBe(400);
    expect(jsonOf(res.text).error.code).toBe('bad_request');
    expect(lines.filter((line) => line.includes('Content-Length'))).toHaveLength(1);
  });

  it('answers request headers over the size limit with 431 headers_too_large', async () => {
    const r = await start();
    const big = await rawExchange(r.url, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(statusOf(big.text)).toBe(431);
    expect(jsonOf(big.text).error.code).toBe('headers_too_large');
  });
});

describe('durable acknowledgements of record writes', () => {
  it('answers a write only after a synchronous=FULL barrier covered it; reads and refusals wait for none', async () => {
    const r = await start();
    const { token, user } = await r.signup('ada@site.example');
    const { default: Database } = await import('better-sqlite3');
    const before = new Database(path.join(r.dataDir, 'fieldbook.sqlite'), { readonly: true });
    const barriers = () => before.prepare<[], number>('SELECT barriers FROM durability_marker').pluck().get() ?? 0;
    const start0 = barriers();
    const instances = Array.from({ length: 20 }, () => instanceFor(user.id));
    const answers = await Promise.all(instances.map((i) => r.request('PUT', `/api/instances/${i.id}`, { token, body: i })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const after = barriers();
    // Each answer waited for a barrier, and the barriers were grouped: far fewer than writes.
    expect(after).toBeGreaterThan(start0);
    expect(after - start0).toBeLessThan(20);
    await r.request('GET', '/api/me', { token });
    await r.request('PUT', '/api/instances/x', { body: {} });
    expect(barriers()).toBe(after);
    before.close();
  });
});
