// Layer boundaries and import cycles (ARCHITECTURE.md "Layers and data flow", issue 9 item 6).
// Edges are checked on the *resolved* file (eslint-plugin-import-x), so a barrel ('../db'),
// a deep path ('../db/outbox') and any '../../src/db' spelling are the same import.
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

/** The src/ layers and the layers each may import. Anything not listed is refused. */
export const LAYERS = {
  domain: [],
  // The wire shared with the relay, beside domain at the bottom: every layer may import it.
  protocol: ['domain'],
  records: ['domain', 'protocol'],
  db: ['domain', 'protocol', 'records'],
  completion: ['domain', 'protocol', 'records', 'db'],
  sync: ['domain', 'protocol', 'records', 'db', 'completion', 'files'],
  share: ['domain', 'protocol', 'records', 'db', 'completion', 'sync', 'files'],
  pwa: ['domain', 'protocol', 'records', 'db'],
  // Evidence (issue 11): files stored once by hash, the capture worker, the uploader.
  files: ['domain', 'protocol', 'records', 'db'],
  // Use cases (open/start/copy a run, publish a draft): plain functions React calls.
  runs: ['domain', 'protocol', 'records', 'db', 'completion', 'sync', 'share', 'files'],
  authoring: ['domain', 'protocol', 'records', 'db'],
  ui: ['domain', 'protocol', 'records', 'db', 'completion', 'sync', 'share', 'pwa', 'runs', 'authoring', 'files'],
};

/** Layers of src/ the relay shares: pure code, no Dexie, Yjs or DOM (ARCHITECTURE.md). */
const SHARED_WITH_RELAY = ['./domain', './protocol', './records'];

/** Layers that import no package but zod (and each other, per LAYERS): the relay and the browser both run them. */
const ZOD_ONLY = ['domain', 'protocol', 'records'];

/**
 * Relay files that know no transport (sync-server/src/relay/SPEC.md): the core and what it
 * imports. shell.ts (ws, node:http), sqlite-store.ts (better-sqlite3) and the index barrel
 * that re-exports them are the only transport-bound files there.
 */
export const RELAY_TRANSPORT_FREE = [
  'core', 'room', 'room-writer', 'protocol', 'doc-state', 'stored-rows', 'options', 'rate-limit', 'connection-gate', 'log-repeats', 'memory-store', 'answer-throttle', 'presence', 'peer', 'relay-api', 'clock', 'room-registry', 'presence-frame',
].map((name) => `sync-server/src/relay/${name}.ts`);

const TRANSPORT_PACKAGES = ['ws', 'fastify', '@fastify/*', 'better-sqlite3', 'y-websocket', '@y/websocket-server', 'node:http', 'http', 'node:https', 'https', 'node:net', 'net'];

/** Tests, and their support files (`test-support.ts`, `test-socket-pair.ts`, contract suites' runners). */
const TEST_FILES = ['src/**/*.test.ts', 'src/**/*.test.tsx', 'src/**/test-*.ts'];

function layerZones() {
  const names = Object.keys(LAYERS);
  return names.flatMap((layer) => [
    ...names
      .filter((other) => other !== layer && !LAYERS[layer].includes(other))
      .map((other) => ({
        target: `./src/${layer}`,
        from: `./src/${other}`,
        message: `${layer}/ may import only ${LAYERS[layer].join(', ') || 'zod'} (ARCHITECTURE.md, layers).`,
      })),
    { target: `./src/${layer}`, from: './src/main.tsx', message: 'main.tsx is the entry point; nothing imports it.' },
  ]);
}

/**
/**
 * The relay's own halves of the wire and its API document: src/protocol's tests import them to
 * prove that the relay uses the protocol's objects (not copies) and emits only its error codes.
 */
const RELAY_WIRE = ['./src/relay/protocol.ts', './src/errors.ts', './src/shares/redeem-service.ts', './API.md', './API.md?raw'];
const PROTOCOL_TESTS = ['src/protocol/**/*.test.ts'];

/**
 * Tests may also use sync-server/test/helpers, the transport-free relay core (the real client
 * meets the real core in process: src/sync/docs/test-socket-pair.ts) and test libraries.
 */
const zones = (isTest, relayWire = false) => [
  ...layerZones(),
  ...(isTest
    ? [
        {
          target: './src',
          from: './sync-server',
          except: [...new Set(['./test/helpers', ...RELAY_TRANSPORT_FREE.map((file) => `./${file.slice('sync-server/'.length)}`), ...(relayWire ? RELAY_WIRE : [])])],
          message: 'Tests in src/ use only sync-server/test/helpers and the transport-free relay core (src/protocol tests also the relay wire).',
        },
      ]
    : [
        { target: './src', from: './sync-server', message: 'The PWA does not import the relay; shared code lives in src/domain, src/protocol and src/records.' },
        ...ZOD_ONLY.map((layer) => ({ target: `./src/${layer}`, from: './node_modules', except: ['./zod'], message: `${layer}/ imports only zod.` })),
      ]),
  {
    target: './sync-server/src',
    from: './src',
    except: SHARED_WITH_RELAY,
    message: 'The relay shares only src/domain, src/protocol and src/records with the PWA (its tests may use more).',
  },
  {
    target: RELAY_TRANSPORT_FREE.map((file) => `./${file}`),
    from: './sync-server/src',
    except: ['./relay'],
    message: 'The relay core knows no server, database or transport (relay/SPEC.md).',
  },
  {
    target: RELAY_TRANSPORT_FREE.map((file) => `./${file}`),
    from: ['./sync-server/src/relay/shell.ts', './sync-server/src/relay/sqlite-store.ts', './sync-server/src/relay/index.ts'],
    message: 'The relay core knows no server, database or transport (relay/SPEC.md).',
  },
];

const restrictPaths = (isTest, relayWire = false) => ['error', { basePath: import.meta.dirname, zones: zones(isTest, relayWire) }];

/** Packages a layer must not import (the edges between files are in the zones above). */
const packages = (files, names, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: names, message }] }] },
});

export const boundaries = [
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': restrictPaths(false),
    },
  },
  { files: TEST_FILES, rules: { 'import-x/no-restricted-paths': restrictPaths(true) } },
  { files: PROTOCOL_TESTS, rules: { 'import-x/no-restricted-paths': restrictPaths(true, true) } },
  ...ZOD_ONLY.map((layer) => packages([`src/${layer}/**`], ['node:*'], `${layer}/ imports only zod (and runs in the browser).`)),
  {
    ...packages(['src/records/**'], ['node:*', 'dexie', 'yjs', 'y-*', 'react', 'react-*'], 'records/ imports only zod, domain/ and protocol/ (and runs in the browser and the relay).'),
    ignores: TEST_FILES,
  },
  packages(['src/db/**'], ['react', 'react-*', 'yjs', 'y-*'], 'db/ sits below completion, sync, share and ui.'),
  packages(['src/completion/**', 'src/sync/**', 'src/share/**', 'src/pwa/**', 'src/runs/**', 'src/authoring/**', 'src/files/**'], ['react', 'react-*'], 'Only ui/ imports React.'),
  packages(RELAY_TRANSPORT_FREE, TRANSPORT_PACKAGES, 'The relay core knows no server, database or transport (relay/SPEC.md): only shell.ts and sqlite-store.ts do.'),
];
