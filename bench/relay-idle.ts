/**
 * Idle connections: RSS of the relay process (a child, SQLite store + auth hook, awareness on)
 * holding 5,000 synced websocket connections across 2,500 rooms, each room holding a small
 * instance doc. Baseline: @y/websocket-server 0.1.1 holding the same connections.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { startServer } from './relay-bench-support';
import type { BenchRow, BenchSuite } from './types';

const CONNECTIONS = 5_000;
const ROOMS = 2_500;
const BUDGET_MB = 500;
const OPEN_AT_ONCE = 200;

/** A small instance doc: 20 step states and a note, sent by the first client of each room. */
function seedFrame(): Uint8Array {
  const doc = new Y.Doc();
  for (let i = 0; i < 20; i++) doc.getMap('steps').set(`step-${i}`, { done: i % 2 === 0, by: 'crew', at: Date.now() });
  doc.getText('notes').insert(0, 'pressure ok, valve 3 replaced');
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc));
  return encoding.toUint8Array(encoder);
}

async function measure(mode: 'ours' | 'baseline'): Promise<{ rssMb: number; baseRssMb: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fieldbook-bench-'));
  const server = await startServer(mode, dataDir);
  const sockets: WebSocket[] = [];
  const rooms = Array.from({ length: ROOMS }, () => `instance:${randomUUID()}`);
  const seed = seedFrame();
  try {
    const baseRss = server.rss();
    for (let start = 0; start < CONNECTIONS; start += OPEN_AT_ONCE) {
      const batch: Promise<void>[] = [];
      for (let i = start; i < Math.min(CONNECTIONS, start + OPEN_AT_ONCE); i++) {
        const ws = new WebSocket(`${server.url}/${rooms[i % ROOMS]}?token=bench-${i}`, { perMessageDeflate: false });
        sockets.push(ws);
        batch.push(
          new Promise((resolve, reject) => {
            // Synced: the room answered with its sync step 1.
            ws.once('message', () => {
              if (i < ROOMS) ws.send(seed);
              resolve();
            });
            ws.once('error', reject);
          }),
        );
      }
      await Promise.all(batch);
    }
    // Let the seeds be applied and stored, then read the settled RSS.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    return { rssMb: server.rss() / 2 ** 20, baseRssMb: baseRss / 2 ** 20 };
  } finally {
    for (const ws of sockets) ws.terminate();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const run: BenchSuite = async () => {
  const baseline = await measure('baseline');
  const ours = await measure('ours');
  const row: BenchRow = {
    name: `relay RSS, ${CONNECTIONS} idle connections / ${ROOMS} rooms`,
    value: ours.rssMb,
    unit: 'MB',
    budget: `<= ${BUDGET_MB} MB`,
    pass: ours.rssMb <= BUDGET_MB,
    baseline: baseline.rssMb,
    ratio: `${(ours.rssMb / baseline.rssMb).toFixed(2)}x`,
    note: `empty process ${ours.baseRssMb.toFixed(0)} MB (baseline ${baseline.baseRssMb.toFixed(0)} MB)`,
  };
  return [row];
};

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await run()) console.log(JSON.stringify(row));
}
