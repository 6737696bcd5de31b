import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// records/ sits between db/ and domain/ and is shared with the relay, so it must stay pure:
// the rules of eslint.boundaries.js, run through the real eslint.config.js on real paths.
const root = fileURLToPath(new URL('../..', import.meta.url));
const BOUNDARY_RULES = new Set(['import-x/no-restricted-paths', 'import-x/no-cycle', 'no-restricted-imports']);

let eslint: ESLint;

// The first lint builds the type-aware program; done here, under its own budget, not in a test's.
beforeAll(async () => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: `${root}eslint.config.js`, ruleFilter: ({ ruleId }) => BOUNDARY_RULES.has(ruleId) });
  await eslint.lintText('export {};\n', { filePath: `${root}src/records/index.ts` });
}, 120_000);

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${file}` });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

describe('records/ boundaries', () => {
  it.each([
    ['src/records/document.ts', "import { openFieldbookDB } from '../db';\nexport const x = openFieldbookDB;\n"],
    ['src/records/document.ts', "import { Dexie } from 'dexie';\nexport const x = Dexie;\n"],
    ['src/records/document.ts', "import * as Y from 'yjs';\nexport const x = Y;\n"],
    ['src/records/document.ts', "import { randomUUID } from 'node:crypto';\nexport const x = randomUUID;\n"],
    ['src/domain/ids.ts', "import { RECORDS } from '../records';\nexport const x = RECORDS;\n"],
    ['sync-server/src/config.ts', "import { recordTable } from '../../src/db/records';\nexport const x = recordTable;\n"],
  ])('%s: a forbidden import (%#) is reported', async (file, code) => {
    expect(await problems(file, code)).toEqual(expect.arrayContaining([expect.stringMatching(/^(import-x\/no-restricted-paths|no-restricted-imports): /)]));
  });

  it.each([
    ['src/records/document.ts', "import { isUuid } from '../domain';\nexport const x = isUuid;\n"],
    ['src/records/document.ts', "import { z } from 'zod';\nexport const x = z;\n"],
    ['src/db/kv.ts', "import { RECORDS } from '../records';\nexport const x = RECORDS;\n"],
    ['src/sync/backoff.ts', "import { recordRoute } from '../records';\nexport const x = recordRoute;\n"],
    ['sync-server/src/config.ts', "import { RECORDS } from '../../src/records';\nexport const x = RECORDS;\n"],
  ])('%s: an allowed import (%#) is not reported', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});
