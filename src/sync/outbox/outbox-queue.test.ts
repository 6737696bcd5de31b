import 'fake-indexeddb/auto';
import { describe, it } from 'vitest';
import { freshDb } from '../../db/test-support';
import { dexieOutboxQueue } from './dexie-outbox-queue';
import { outboxQueueContract } from './outbox-queue.contract';

// The same cases run in Chromium on real IndexedDB: e2e/contracts.spec.ts.
describe('OutboxQueue contract: Dexie adapter on fake-indexeddb', () => {
  const cases = outboxQueueContract(() => {
    const db = freshDb();
    return Promise.resolve({ queue: dexieOutboxQueue(db), dispose: () => db.delete() });
  });
  for (const c of cases) it(c.name, () => c.run());
});
