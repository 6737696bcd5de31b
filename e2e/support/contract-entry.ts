/**
 * The browser entry of the contract runner (e2e/contracts.spec.ts): bundled by esbuild into one
 * IIFE and evaluated in a real Chromium page on the relay's origin, so every port's contract
 * suite runs on real IndexedDB. Each suite is one line of CONTRACT_SUITES: its name and the
 * cases of its contract against the real adapter. Results come back as plain data.
 */
import { openFieldbookDB } from '../../src/db';
import { dexieOutboxQueue } from '../../src/sync/outbox/dexie-outbox-queue';
import { outboxQueueContract } from '../../src/sync/outbox/outbox-queue.contract';
import { dexieRelayMarkerStore } from '../../src/sync/docs/relay-marker-store';
import { relayMarkerStoreContract } from '../../src/sync/docs/relay-marker-store.contract';
import type { ContractResult } from './contract-results';

interface ContractCase {
  readonly name: string;
  run(): Promise<void>;
}

/** A database of its own for each case, deleted afterwards. */
const freshDexie = () => openFieldbookDB(`fieldbook-contract-${crypto.randomUUID()}`);

export const CONTRACT_SUITES: Record<string, () => ContractCase[]> = {
  'OutboxQueue on Dexie': () => outboxQueueContract(() => Promise.resolve(((db) => ({ queue: dexieOutboxQueue(db), dispose: () => db.delete() }))(freshDexie()))),
  'RelayMarkerStore on Dexie': () => relayMarkerStoreContract(() => Promise.resolve(((db) => ({ store: dexieRelayMarkerStore(db), dispose: () => db.delete() }))(freshDexie()))),
};

async function runContracts(): Promise<ContractResult[]> {
  const results: ContractResult[] = [];
  for (const [suite, cases] of Object.entries(CONTRACT_SUITES)) {
    for (const c of cases()) {
      try {
        await c.run();
        results.push({ suite, name: c.name, ok: true });
      } catch (error) {
        results.push({ suite, name: c.name, ok: false, error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
      }
    }
  }
  return results;
}

(globalThis as { __fieldbookContracts?: () => Promise<ContractResult[]> }).__fieldbookContracts = runContracts;
