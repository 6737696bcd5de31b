import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ALLOWED_EDGES, CHECKED_DIRS, findCycles, importGraph, importsOf } from '../scripts/import-cycles';

const root = fileURLToPath(new URL('..', import.meta.url));
const dirs: string[] = [];

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-cycles-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const cyclesIn = (dir: string): string[][] => findCycles(importGraph([dir])).map((cycle) => cycle.map((file) => relative(dir, file)));

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('import cycles (scripts/import-cycles.ts, run by npm run lint)', () => {
  it('finds a cycle made of type-only imports, through a barrel', () => {
    const dir = tree({
      'db/database.ts': "import type { OutboxEntry } from '.';\nexport interface Db { outbox: OutboxEntry[] }\n",
      'db/index.ts': "export type { OutboxEntry } from './outbox';\n",
      'db/outbox.ts': "import type { Db } from './database';\nexport interface OutboxEntry { db?: Db }\n",
    });
    expect(cyclesIn(dir)).toEqual([['db/database.ts', 'db/index.ts', 'db/outbox.ts', 'db/database.ts']]);
  });

  it('finds a cycle closed by a dynamic import', () => {
    const dir = tree({ 'a.ts': "export const b = () => import('./b');\n", 'b.ts': "import { b } from './a';\nexport const a = b;\n" });
    expect(cyclesIn(dir)).toEqual([['a.ts', 'b.ts', 'a.ts']]);
  });

  it('does not report shared imports without a loop', () => {
    const dir = tree({
      'a.ts': "import type { C } from './c';\nimport { b } from './b';\nexport const a: C = b;\n",
      'b.ts': "import type { C } from './c';\nexport const b: C = 1;\n",
      'c.ts': 'export type C = number;\n',
    });
    expect(cyclesIn(dir)).toEqual([]);
  });

  it('the repository has none (db/database.ts and db/outbox.ts used to import each other)', () => {
    expect(findCycles(importGraph(CHECKED_DIRS.map((dir) => join(root, dir))))).toEqual([]);
  });

  it('every allowed edge still exists (a stale allowance is removed)', () => {
    for (const [from, to] of ALLOWED_EDGES) expect(importsOf(join(root, from))).toContain(join(root, to));
  });
});
