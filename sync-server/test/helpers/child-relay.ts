/** A relay in a child process (SIGKILL tests): started from a helper script, killed after each test. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ChildRelay {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<void>;
}

/** Children still running; `killChildren()` in an afterEach stops them. */
const children = new Set<ChildProcess>();

export function killChildren(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

/** `node --import tsx <script> <arg>`; resolves with the `{"url"}` the script prints first. */
export async function spawnRelayChild(script: string, arg: string): Promise<ChildRelay> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, arg], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => children.delete(child));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`relay child exited early (${code})`)));
  });
  return { child, url, exited };
}
