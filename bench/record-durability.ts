/**
 * Record PUTs per second on a real relay (port 0, real SQLite) with three durability settings:
 * `synchronous = NORMAL` and no barrier (the old behaviour), FULL on every commit, and the
 * grouped FULL barrier the relay uses (db/durable-commits.ts). Run: `node --import tsx bench/record-durability.ts`.
 */
import { randomUUID } from 'node:crypto';
import { makeTempDir } from '../sync-server/test/helpers/temp-dir';
import { startTestServer } from '../sync-server/test/helpers/test-server';

const WRITES = Number(process.env.WRITES ?? 2000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 20);

async function measure(label: string, durableCommitMs: number | false): Promise<void> {
  const relay = await startTestServer({ dataDir: makeTempDir(), durableCommitMs, recordQuotas: false });
  const { token, user } = await relay.signup('bench@site.example');
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < WRITES) {
        next += 1;
        const id = randomUUID();
        const body = { id, sourceDocumentId: randomUUID(), documentVersionId: randomUUID(), contentType: 'checklist', title: 'x', userId: user.id, status: 'in_progress', createdAt: 1, startedAt: 1, lastActivityAt: 1 };
        const res = await relay.request('PUT', `/api/instances/${id}`, { token, body });
        if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label.padEnd(34)} ${Math.round(WRITES / seconds).toString().padStart(6)} PUT/s (${WRITES} writes, ${CONCURRENCY} in flight)`);
  await relay.close();
}

await measure('NORMAL, no barrier (before)', false);
await measure('FULL on every commit', -1);
await measure('FULL barrier grouped per 10 ms', 10);
