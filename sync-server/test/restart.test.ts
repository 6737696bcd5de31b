import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from './helpers/temp-dir';
import { startTestServer } from './helpers/test-server';
import type { TestServer } from './helpers/test-server';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('restart on the same DATA_DIR', () => {
  it('keeps the signing secret (mode 0600), so a token from before the restart still works', async () => {
    const dataDir = makeTempDir();
    const first = await startTestServer({ dataDir, keepDataDir: true });
    const { token, user } = await first.signup('ada@site.example', 'Ada');
    await first.close();

    const secretFile = path.join(dataDir, 'secret');
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);

    const second = await startTestServer({ dataDir });
    servers.push(second);
    const me = await second.request('GET', '/api/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(user.id);
    expect((await second.signup('bo@site.example')).user.role).toBe('member');
  });

  it('keeps records and does not seed twice', async () => {
    const dataDir = makeTempDir();
    const first = await startTestServer({ dataDir, keepDataDir: true });
    const { token } = await first.signup('ada@site.example');
    const before = await first.request('GET', '/api/changes?limit=1000', { token });
    await first.close();

    const second = await startTestServer({ dataDir });
    servers.push(second);
    const after = await second.request('GET', '/api/changes?limit=1000', { token });
    expect(after.body.changes).toEqual(before.body.changes);
  });
});
