import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { authResponseSchema } from '../../src/protocol';
import { startTestServer } from './helpers/test-server';
import type { TestServer } from './helpers/test-server';

const servers: TestServer[] = [];
async function start(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('health and workspace', () => {
  it('answers /healthz with {ok: true}', async () => {
    const relay = await start();
    const res = await relay.request('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });

  it('reports whether the workspace has accounts yet', async () => {
    const relay = await start();
    expect((await relay.request('GET', '/api/workspace')).body).toEqual({ hasUsers: false, signup: 'invite' });
    await relay.signup('ada@site.example');
    expect((await relay.request('GET', '/api/workspace')).body).toEqual({ hasUsers: true, signup: 'invite' });
  });
});

describe('sign-up', () => {
  it('makes the first account admin and later ones members', async () => {
    const relay = await start();
    const first = await relay.request('POST', '/api/auth/signup', { body: { email: 'Ada@Site.example', password: 'long enough pw', name: 'Ada' } });
    expect(first.status).toBe(201);
    expect(authResponseSchema.parse(first.body).user).toMatchObject({ email: 'ada@site.example', name: 'Ada', role: 'admin' });
    const second = await relay.signup('bo@site.example', 'Bo');
    expect(second.user.role).toBe('member');
  });

  it('refuses a duplicate email with 409 email_taken, whatever its case (to a holder of a valid invite)', async () => {
    const relay = await start();
    await relay.signup('ada@site.example');
    const { code } = await relay.invite();
    const res = await relay.request('POST', '/api/auth/signup', { body: { email: 'ADA@site.example', password: 'another pw 123', name: 'Imposter', invite: code } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('email_taken');
  });

  it('gives the admin role to exactly one of many concurrent first sign-ups', async () => {
    const relay = await start();
    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => relay.signup(`user${i}@site.example`)));
    expect(results.filter((r) => r.user.role === 'admin')).toHaveLength(1);
  });
});

describe('sign-in', () => {
  it('returns a token and the user for the right password', async () => {
    const relay = await start();
    const { user } = await relay.signup('ada@site.example', 'Ada', 'right password 1');
    const res = await relay.request('POST', '/api/auth/login', { body: { email: 'ada@site.example', password: 'right password 1' } });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: user.id, role: 'admin' });
    const me = await relay.request('GET', '/api/me', { token: res.body.token });
    expect(me.body.user.id).toBe(user.id);
  });

  it('answers an unknown email and a wrong password with the same 401', async () => {
    const relay = await start();
    await relay.signup('ada@site.example', 'Ada', 'right password 1');
    const wrong = await relay.request('POST', '/api/auth/login', { body: { email: 'ada@site.example', password: 'wrong password' } });
    const unknown = await relay.request('POST', '/api/auth/login', { body: { email: 'nobody@site.example', password: 'right password 1' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('bad_credentials');
  });

  it('rate-limits sign-in attempts with 429 rate_limited and Retry-After', async () => {
    const relay = await start({ rateLimit: { max: 2, timeWindowMs: 60_000 } });
    const attempt = () => relay.request('POST', '/api/auth/login', { body: { email: 'x@site.example', password: 'whatever pw' } });
    expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('GET /api/me', () => {
  it('returns the caller for a valid token', async () => {
    const relay = await start();
    const { token, user } = await relay.signup('ada@site.example', 'Ada');
    const res = await relay.request('GET', '/api/me', { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: expect.objectContaining({ id: user.id, name: 'Ada', role: 'admin' }) as unknown });
  });

  it('is 401 unauthenticated without a token, with a forged one, or with an expired one', async () => {
    let clock = 1_800_000_000_000;
    const relay = await start({ now: () => clock, secret: 'test-secret-test-secret-test-secret!' });
    const { token, user } = await relay.signup('ada@site.example');
    const forged = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer('fieldbook')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('some other secret entirely!!'));

    for (const res of [
      await relay.request('GET', '/api/me'),
      await relay.request('GET', '/api/me', { token: forged }),
      await relay.request('GET', '/api/me', { token: 'not-a-jwt' }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
    expect((await relay.request('GET', '/api/me', { token })).status).toBe(200);
    clock += 31 * 24 * 60 * 60 * 1000;
    const expired = await relay.request('GET', '/api/me', { token });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('unauthenticated');
  });
});
