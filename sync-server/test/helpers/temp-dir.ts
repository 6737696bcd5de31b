/** Temp directories for real SQLite files; every test removes its own. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function makeTempDir(prefix = 'fieldbook-relay-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export interface TempDir {
  readonly dir: string;
  /** A path inside the directory. */
  file(name: string): string;
  remove(): void;
}

export function tempDir(prefix?: string): TempDir {
  const dir = makeTempDir(prefix);
  return { dir, file: (name) => path.join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
