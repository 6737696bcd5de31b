// Layer boundaries and import cycles (ARCHITECTURE.md "Layers and data flow", issue 9 item 6).
// Edges are checked on the *resolved* file (eslint-plugin-import-x), so a barrel ('../db'),
// a deep path ('../db/outbox') and any '../../src/db' spelling are the same import.
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

/** The src/ layers and the layers each may import. Anything not listed is refused. */
export const LAYERS = {
  domain: [],
  // The wire shared with the relay, beside domain at the bottom: every layer may import it.
  protocol: ['domain'],
  db: ['domain', 'protocol'],
  completion: ['domain', 'protocol', 'db'],
  sync: ['domain', 'protocol', 'db', 'completion'],
  share: ['domain', 'protocol', 'db', 'completion', 'sync'],
  pwa: ['domain', 'protocol', 'db'],
  ui: ['domain', 'protocol', 'db', 'completion', 'sync', 'share', 'pwa'],
};

/** Layers that import no package but zod (and each other, per LAYERS): the relay and the browser both run them. */
const ZOD_ONLY = ['domain', 'protocol'];

/**
 * Relay files that know no transport (sync-server/src/relay/SPEC.md): the core and what it
 * imports. shell.ts (ws, node:http), sqlite-store.ts (better-sqlite3) and the index barrel
 * that re-exports them are the only transport-bound files there.
 */
export const RELAY_TRANSPORT_FREE = [
  'core', 'room', 'room-writer', 'protocol', 'doc-state', 'stored-rows', 'options', 'rate-limit', 'connection-gate', 'log-repeats', 'memory-store', 'answer-throttle', 'presence', 'peer', 'relay-api',
].map((name) => `sync-server/src/relay/${name}.ts`);

const TRANSPORT_PACKAGES = ['ws', 'fastify', '@fastify/*', 'better-sqlite3', 'y-websocket', '@y/websocket-server', 'node:http', 'http', 'node:https', 'https', 'node:net', 'net'];

const TEST_FILES = ['src/**/*.test.ts', 'src/**/*.test.tsx'];

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
 * The relay's own halves of the wire and its API document: src/protocol's tests import them to
 * prove that the relay uses the protocol's objects (not copies) and emits only its error codes.
 */
const RELAY_WIRE = ['./src/relay/protocol.ts', './src/errors.ts', './src/shares/redeem-service.ts', './API.md', './API.md?raw'];
const PROTOCOL_TESTS = ['src/protocol/**/*.test.ts'];

/** Tests may also use sync-server/test/helpers and test libraries (vitest, fast-check). */
const zones = (isTest, relayWire = false) => [
  ...layerZones(),
  ...(isTest
    ? [
        {
          target: './src',
          from: './sync-server',
          except: ['./test/helpers', ...(relayWire ? RELAY_WIRE : [])],
          message: 'Tests in src/ use only sync-server/test/helpers (src/protocol tests also the relay wire).',
        },
      ]
    : [
        { target: './src', from: './sync-server', message: 'The PWA does not import the relay; shared code lives in src/domain and src/protocol.' },
        ...ZOD_ONLY.map((layer) => ({ target: `./src/${layer}`, from: './node_modules', except: ['./zod'], message: `${layer}/ imports only zod.` })),
      ]),
  {
    target: './sync-server/src',
    from: './src',
    except: ['./domain', './protocol'],
    message: 'The relay shares only src/domain and src/protocol with the PWA (its tests may use more).',
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
  packages(['src/db/**'], ['react', 'react-*', 'yjs', 'y-*'], 'db/ sits below completion, sync, share and ui.'),
  packages(['src/completion/**', 'src/sync/**', 'src/share/**', 'src/pwa/**'], ['react', 'react-*'], 'Only ui/ imports React.'),
  packages(RELAY_TRANSPORT_FREE, TRANSPORT_PACKAGES, 'The relay core knows no server, database or transport (relay/SPEC.md): only shell.ts and sqlite-store.ts do.'),
];
