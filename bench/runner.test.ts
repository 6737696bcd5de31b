import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./runner-fixture.ts', import.meta.url));
const ROOT = path.resolve(path.dirname(FIXTURE), '..');

function runFixture(kind: string): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, kind], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  // A child that never exits would fail the test by its timeout; kill it then so vitest itself can exit.
  const killer = setTimeout(() => child.kill('SIGKILL'), 55_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    }),
  );
}

describe('bench runner teardown', () => {
  it('exits by itself with code 0 after the table when suites leave nothing open', async () => {
    const result = await runFixture('clean');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\| clean/);
    expect(result.stderr).not.toMatch(/open handles/);
  }, 60_000);

  it('exits with code 1 and names the open handle when a suite leaks a timer', async () => {
    const result = await runFixture('leak');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/\| leak/);
    expect(result.stderr).toMatch(/open handles: .*Timeout/);
  }, 60_000);

  it('the sync convergence suite (real relay, y-websocket providers) leaves nothing open', async () => {
    const result = await runFixture('sync convergence');
    expect(result.stderr).not.toMatch(/open handles/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/reconnect to identical state/);
  }, 60_000);
});
