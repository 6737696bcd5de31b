import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningRelay {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Everything the relay logged so far (for asserting that no secret reaches a log). */
  readonly logs: () => string;
  /** SIGTERM (graceful) by default; SIGKILL to simulate a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Start the real relay (`sync-server/src/main.ts`) serving the built PWA from dist/, on a
 * port the OS picks, with its own DATA_DIR (fresh unless one is given). To restart a relay
 * the browser already knows, pass its dataDir and port: same origin, same IndexedDB.
 */
export async function startRelay(options: { dataDir?: string; port?: number; env?: Record<string, string> } = {}): Promise<RunningRelay> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'fieldbook-e2e-'));
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(options.port ?? 0), HOST: '127.0.0.1', DATA_DIR: dataDir, STATIC_DIR: join(ROOT, 'dist'), LOG_LEVEL: 'info', ...options.env },
    stdio: 'pipe',
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening at (http:\/\/[^\s"]+)/.exec(output);
      if (match?.[1]) resolve(match[1].replace('127.0.0.1', 'localhost'));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`relay exited early (${code}):\n${output}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    logs: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
