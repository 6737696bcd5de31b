import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { redactUrl } from '../src/logger';
import { createLink, redeem } from './helpers/shares';
import { startTestServer } from './helpers/test-server';
import type { TestServer } from './helpers/test-server';

let relay: TestServer | undefined;
afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

describe('logs carry no secrets', () => {
  it('leaves no password or token text in the log of sign-up, sign-in and authenticated requests', async () => {
    const lines: string[] = [];
    relay = await startTestServer({ logger: { level: 'trace', stream: { write: (line) => void lines.push(line) } } });
    const password = 'Pa55word-that-must-not-leak';
    const { token } = await relay.signup('ada@site.example', 'Ada', password);
    const login = await relay.request('POST', '/api/auth/login', { body: { email: 'ada@site.example', password } });
    await relay.request('POST', '/api/auth/login', { body: { email: 'ada@site.example', password: `${password}-wrong` } });
    await relay.request('GET', '/api/me', { token });
    await relay.request('GET', `/api/changes?token=${token}&limit=5`, { token: login.body.token });
    await relay.request('GET', `/yjs/instance:x?token=${token}`);

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    expect(log).toContain('/api/me');
    expect(log).not.toContain(password);
    expect(log).not.toContain(token);
    expect(log).not.toContain(login.body.token);
    expect(log).not.toContain(token.split('.')[2]);
    expect(log).toContain('token=[redacted]');
  });

  it('leaves no share token or session secret in the log of a redemption, a refused one included', async () => {
    const lines: string[] = [];
    relay = await startTestServer({ logger: { level: 'trace', stream: { write: (line) => void lines.push(line) } } });
    const admin = await relay.signup('admin@site.example', 'Admin');
    const { token } = await createLink(relay, admin);
    const sessionId = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    expect((await redeem(relay, token, sessionId, undefined, secret)).status).toBe(200);
    expect((await redeem(relay, token, sessionId, undefined, `${secret}x`)).status).toBe(403);
    expect((await redeem(relay, token, sessionId, undefined, 'short')).status).toBe(422);
    const log = lines.join('');
    expect(log).toContain('/api/shares/redeem');
    expect(log).not.toContain(secret);
    expect(log).not.toContain(token);
  });

  it('strips credential query parameters from URLs', () => {
    expect(redactUrl('/yjs/instance:1?token=abc.def&x=1')).toBe('/yjs/instance:1?token=[redacted]&x=1');
    expect(redactUrl('/a?x=1&grant=zzz')).toBe('/a?x=1&grant=[redacted]');
    expect(redactUrl('/a?tokenish=1')).toBe('/a?tokenish=1');
  });
});
