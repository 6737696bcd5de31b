import path from 'node:path';
import { build } from 'esbuild';
import { expect, test } from '@playwright/test';
import { outboxQueueContract } from '../src/sync/outbox/outbox-queue.contract';
import type { ContractResult } from './support/contract-results';
import { startRelay, type RunningRelay } from './support/relay';
import { relayMarkerStoreContract } from '../src/sync/docs/relay-marker-store.contract';

/**
 * Every port's contract suite (CONVENTIONS 3) on its real adapter in real Chromium: the suites
 * listed in e2e/support/contract-entry.ts are bundled with esbuild and run in a page on the
 * relay's origin (about:blank has no IndexedDB). The same cases run under vitest on
 * fake-indexeddb; here they meet the browser's own IndexedDB.
 */
let relay: RunningRelay;
test.beforeAll(async () => {
  relay = await startRelay();
});
test.afterAll(async () => {
  await relay.stop();
});

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(import.meta.dirname, 'support', 'contract-entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
  });
  const [file] = result.outputFiles;
  if (file === undefined) throw new Error('esbuild produced no output');
  return file.text;
}

// The bundle is evaluated by the test, not loaded by the page: the relay's CSP is not its subject.
test.use({ bypassCSP: true });

test('every contract suite holds on its real adapter in Chromium (real IndexedDB)', async ({ page }) => {
  const code = await bundle();
  await page.goto(`${relay.url}/healthz`);
  await page.evaluate(code);
  const results = await page.evaluate(async () => {
    const run = (globalThis as { __fieldbookContracts?: () => Promise<ContractResult[]> }).__fieldbookContracts;
    if (run === undefined) throw new Error('the contract bundle did not load');
    return run();
  });
  expect(results.length).toBeGreaterThan(0);
  // Every case ran (the cases are listed without making a queue, so this costs nothing here).
  const outboxCases = outboxQueueContract(() => Promise.reject(new Error('not run in node'))).map((c) => c.name);
  expect(results.filter((r) => r.suite === 'OutboxQueue on Dexie').map((r) => r.name)).toEqual(outboxCases);
  const markerCases = relayMarkerStoreContract(() => Promise.reject(new Error('not run in node'))).map((c) => c.name);
  expect(results.filter((r) => r.suite === 'RelayMarkerStore on Dexie').map((r) => r.name)).toEqual(markerCases);
  expect(results.filter((r) => !r.ok).map((r) => `${r.suite} › ${r.name}: ${r.error ?? ''}`)).toEqual([]);
});
