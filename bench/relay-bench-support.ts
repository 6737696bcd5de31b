/** Shared parts of the relay benches: a server child process and raw protocol clients. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const SERVER = fileURLToPath(new URL('./relay-bench-server.ts', import.meta.url));
const ROOT = path.resolve(path.dirname(SERVER), '..');

export interface ServerChild {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resident set size of the server process, in bytes (Linux /proc). */
  rss(): number;
  /** CPU time (user + system) of the server process so far, in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

export type ServerMode = 'ours' | 'ours-defaults' | 'baseline' | 'baseline-persisted' | 'hocuspocus';

/** `env` adds to the child's environment, e.g. `{ RELAY_BUDGETS: 'off' }`. */
export async function startServer(mode: ServerMode, dataDir: string, env: Record<string, string> = {}): Promise<ServerChild> {
  const child = spawn(process.execPath, [...(process.env.RELAY_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', SERVER, mode, dataDir], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`${mode} server exited (${code})`)));
  });
  const pid = child.pid ?? 0;
  return {
    url,
    child,
    rss: () => {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return Number(match?.[1] ?? Number.NaN) * 1024;
    },
    cpuMs: () => {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    },
    stop: async () => {
      // SIGINT lets --cpu-prof write its profile; SIGKILL if it does not exit.
      child.kill(process.env.RELAY_BENCH_NODE_ARGS ? 'SIGINT' : 'SIGKILL');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}
