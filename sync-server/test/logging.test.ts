import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loggerOptions, redactUrl, wantsPrettyLogs } from '../src/logger';
import { createLink, redeem } from './helpers/shares';
import { makeTempDir } from './helpers/temp-dir';
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

describe('log format', () => {
  it('pretty-prints for a terminal and writes JSON otherwise; LOG_FORMAT overrides', () => {
    expect(wantsPrettyLogs(undefined, true)).toBe(true);
    expect(wantsPrettyLogs(undefined, false)).toBe(false);
    expect(wantsPrettyLogs('json', true)).toBe(false);
    expect(wantsPrettyLogs('pretty', false)).toBe(true);
    expect(loggerOptions({ pretty: true })).toMatchObject({ transport: { target: 'pino-pretty' } });
    expect(loggerOptions({ pretty: false })).not.toHaveProperty('transport');
  });

  it('writes JSON lines when the relay runs with stdout on a pipe', async () => {
    const dataDir = makeTempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, STATIC_DIR: path.join(dataDir, 'none'), LOG_FORMAT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          const listening = out.split('\n').find((l) => l.includes('Fieldbook relay listening'));
          if (listening) resolve(listening);
        });
        child.once('exit', (code) => reject(new Error(`relay exited (${String(code)}): ${out}`)));
      });
      const parsed = JSON.parse(line) as { level: number; msg: string };
      expect(parsed.msg).toContain('Fieldbook relay listening');
      expect(parsed.level).toBe(30);
    } finally {
      child.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
