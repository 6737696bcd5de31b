import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layer, cycle and relay-core rules of eslint.boundaries.js, run through the real
// eslint.config.js on real file paths (the imports resolve against the real tree).
const root = fileURLToPath(new URL('..', import.meta.url));
const BOUNDARY_RULES = new Set(['import-x/no-restricted-paths', 'import-x/no-cycle', 'no-restricted-imports']);

let eslint: ESLint;

// The first lint builds the type-aware program: done here, under its own budget, so no single
// case times out for it on a loaded machine.
beforeAll(async () => {
  eslint = new ESLint({
    cwd: root,
    overrideConfigFile: `${root}eslint.config.js`,
    ruleFilter: ({ ruleId }) => BOUNDARY_RULES.has(ruleId),
  });
  await eslint.lintText('export {};\n', { filePath: `${root}src/records/index.ts` });
}, 120_000);

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${file}` });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

describe('layer boundaries', () => {
  it.each([
    ['src/domain/ids.ts', "import { openFieldbookDB } from '../db';\nexport const x = openFieldbookDB;\n"],
    ['src/domain/ids.ts', "import { openFieldbookDB } from '../db/index';\nexport const x = openFieldbookDB;\n"],
    ['src/domain/ids.ts', "import type { FieldbookDB } from '../../src/db/database';\nexport type X = FieldbookDB;\n"],
    ['src/db/kv.ts', "import { formatShareLink } from '../share';\nexport const x = formatShareLink;\n"],
    ['src/completion/notes.ts', "import { createFlusher } from '../sync/outbox/flusher';\nexport const x = createFlusher;\n"],
    ['src/sync/backoff.ts', "import { formatShareLink } from '../share';\nexport const x = formatShareLink;\n"],
    ['src/share/token.ts', "import { App } from '../ui/App';\nexport const x = App;\n"],
    ['src/pwa/register.ts', "import { createApiClient } from '../sync/api-client';\nexport const x = createApiClient;\n"],
    ['src/completion/notes.ts', "import { registerServiceWorker } from '../pwa/register';\nexport const x = registerServiceWorker;\n"],
    ['src/protocol/rooms.ts', "import { openFieldbookDB } from '../db';\nexport const x = openFieldbookDB;\n"],
    ['src/domain/ids.ts', "import { ROOM_PREFIX } from '../protocol';\nexport const x = ROOM_PREFIX;\n"],
    ['src/db/kv.ts', "import '../main';\n"],
    ['src/sync/backoff.ts', "import { startTestServer } from '../../sync-server/test/helpers/test-server';\nexport const x = startTestServer;\n"],
    ['sync-server/src/config.ts', "import { openFieldbookDB } from '../../src/db';\nexport const x = openFieldbookDB;\n"],
  ])('%s: a forbidden edge (%#) is reported, barrels included', async (file, code) => {
    // An upward import usually closes a cycle too; the boundary report is the one asserted.
    expect(await problems(file, code)).toEqual(expect.arrayContaining([expect.stringMatching(/^import-x\/no-restricted-paths: /)]));
  });

  it.each([
    ['src/ui/shared/format.ts', "import { openFieldbookDB } from '../../db';\nexport const x = openFieldbookDB;\n"],
    ['src/sync/backoff.ts', "import { InstanceDoc } from '../completion';\nexport const x = InstanceDoc;\n"],
    ['src/share/token.ts', "import { deviceId } from '../sync/device';\nexport const x = deviceId;\n"],
    ['src/db/kv.ts', "import { isUuid } from '../domain';\nexport const x = isUuid;\n"],
    ['src/db/kv.ts', "import { relayKey } from '../protocol';\nexport const x = relayKey;\n"],
    ['src/protocol/rooms.ts', "import { isUuid } from '../domain';\nexport const x = isUuid;\n"],
    ['sync-server/src/relay/core.ts', "import { MESSAGE } from '../../../src/protocol';\nexport const x = MESSAGE;\n"],
    ['src/share/token.ts', "import { InstanceDoc } from '../completion';\nexport const x = InstanceDoc;\n"],
    ['src/pwa/register.ts', "import { kvGet } from '../db';\nexport const x = kvGet;\n"],
    ['src/sync/not-accepted.test.ts', "import { startTestServer } from '../../sync-server/test/helpers/test-server';\nexport const x = startTestServer;\n"],
    ['sync-server/src/config.ts', "import { isUuid } from '../../src/domain';\nexport const x = isUuid;\n"],
  ])('%s: an allowed edge (%#) is not reported', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });

  it.each([
    ["import * as Y from 'yjs';\nexport const x = Y;\n", /^import-x\/no-restricted-paths: .*domain\/ imports only zod/],
    ["import { Dexie } from 'dexie';\nexport const x = Dexie;\n", /^import-x\/no-restricted-paths: .*domain\/ imports only zod/],
    ["import { randomUUID } from 'node:crypto';\nexport const x = randomUUID;\n", /^no-restricted-imports: .*domain\/ imports only zod/],
  ])('domain/ may not import a package other than zod (%#)', async (code, report) => {
    expect(await problems('src/domain/ids.ts', code)).toEqual([expect.stringMatching(report)]);
  });

  it('protocol/ may not import node built-ins (it runs in the browser too)', async () => {
    expect(await problems('src/protocol/rooms.ts', "import { randomUUID } from 'node:crypto';\nexport const x = randomUUID;\n")).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*protocol\/ imports only zod/),
    ]);
  });

  it('domain/ may import zod', async () => {
    expect(await problems('src/domain/ids.ts', "import { z } from 'zod';\nexport const x = z;\n")).toEqual([]);
  });
});

describe('import cycles', () => {
  it('an import back to a file that imports this one is reported', async () => {
    // outbox.ts imports records.ts; records.ts importing outbox.ts closes the loop.
    expect(await problems('src/db/records.ts', "import { writeRecords } from './outbox';\nexport const x = writeRecords;\n")).toEqual([
      expect.stringMatching(/^import-x\/no-cycle: /),
    ]);
  });

  it('the same import without the loop is not', async () => {
    expect(await problems('src/db/kv.ts', "import { writeRecords } from './outbox';\nexport const x = writeRecords;\n")).toEqual([]);
  });
});

describe('relay core is transport-free', () => {
  it.each([
    ['core.ts', "import 'ws';\n"],
    ['core.ts', "import { STATUS_CODES } from 'node:http';\nexport const x = STATUS_CODES;\n"],
    ['room.ts', "import type { Database } from 'better-sqlite3';\nexport type X = Database;\n"],
    ['room-writer.ts', "import Fastify from 'fastify';\nexport const x = Fastify;\n"],
    ['protocol.ts', "import { WebSocketServer } from 'ws';\nexport const x = WebSocketServer;\n"],
  ])('relay/%s importing a transport package (%#) is reported', async (file, code) => {
    expect(await problems(`sync-server/src/relay/${file}`, code)).toEqual([expect.stringMatching(/^no-restricted-imports: .*transport/)]);
  });

  it.each([
    ['core.ts', "import { attachRelay } from './shell';\nexport const x = attachRelay;\n"],
    ['room.ts', "import { createSqliteStore } from '.';\nexport const x = createSqliteStore;\n"],
    ['protocol.ts', "import { loadConfig } from '../config';\nexport const x = loadConfig;\n"],
  ])('relay/%s reaching a transport file (%#) is reported', async (file, code) => {
    expect(await problems(`sync-server/src/relay/${file}`, code)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^import-x\/no-restricted-paths: .*transport/)]),
    );
  });

  it('the ws shell may import ws', async () => {
    expect(await problems('sync-server/src/relay/shell.ts', "import { WebSocketServer } from 'ws';\nexport const x = WebSocketServer;\n")).toEqual([]);
  });
});

// records/ sits between db/ and domain/ and is shared with the relay, so it must stay pure.
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

describe('use cases (runs/, authoring/) sit below ui and above the rest', () => {
  it.each([
    ['src/runs/start-run.ts', "import { App } from '../ui/App';\nexport const x = App;\n", /^import-x\/no-restricted-paths: /],
    ['src/authoring/drafts.ts', "import { openInstance } from '../completion';\nexport const x = openInstance;\n", /^import-x\/no-restricted-paths: /],
    ['src/share/token.ts', "import { startRun } from '../runs/start-run';\nexport const x = startRun;\n", /^import-x\/no-restricted-paths: /],
    ['src/db/kv.ts', "import { saveDraft } from '../authoring';\nexport const x = saveDraft;\n", /^import-x\/no-restricted-paths: /],
    ['src/runs/start-run.ts', "import { useState } from 'react';\nexport const x = useState;\n", /^no-restricted-imports: .*Only ui\/ imports React/],
    ['src/authoring/drafts.ts', "import { useState } from 'react';\nexport const x = useState;\n", /^no-restricted-imports: .*Only ui\/ imports React/],
  ])('%s: a forbidden import (%#) is reported', async (file, code, report) => {
    expect(await problems(file, code)).toEqual(expect.arrayContaining([expect.stringMatching(report)]));
  });

  it.each([
    ['src/runs/start-run.ts', "import { deviceId } from '../sync/device';\nexport const x = deviceId;\n"],
    ['src/authoring/drafts.ts', "import { kvGet } from '../db';\nexport const x = kvGet;\n"],
    ['src/ui/shared/format.ts', "import { startRun } from '../runs/start-run';\nexport const x = startRun;\n"],
    ['src/ui/shared/format.ts', "import { saveDraft } from '../authoring';\nexport const x = saveDraft;\n"],
  ])('%s: an allowed import (%#) is not reported', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});
