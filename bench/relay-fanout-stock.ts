/**
 * Fan-out with stock clients (issue 15): the fan-out workload (bench/relay-fanout.ts: same
 * shapes, every client writes a map set with at most WINDOW updates in flight) against our relay
 * and Hocuspocus, each in its own child process, in the same run, each driven by its own stock
 * provider: y-websocket for ours (with durable acks, `ack=1`, and budgets as configured) and
 * @hocuspocus/provider for Hocuspocus (3.4 with @hocuspocus/extension-sqlite; 4.x needs Node
 * 22). A receiver identifies an update by the (client, clock) at its head. Measured: server
 * CPU (/proc) per 1k deliveries over MEASURE_MS after a warm-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { startServer } from './relay-bench-support';
import type { BenchRow, BenchSuite } from './types';

const WINDOW = 4;
const WARMUP_MS = 1_000;
const MEASURE_MS = 3_000;
const BUDGET_RATIO = 1.2;
const SHAPES = [
  { name: '100 pairs', rooms: 100, perRoom: 2 },
  { name: '20 teams of 10', rooms: 20, perRoom: 10 },
  { name: 'one room of 200', rooms: 1, perRoom: 200 },
] as const;
type Shape = (typeof SHAPES)[number];
type Mode = 'ours' | 'hocuspocus';

interface Writer {
  readonly doc: Y.Doc;
  readonly peers: Writer[];
  inFlight: number;
  nextClock: number;
  readonly reached: number[];
  destroy(): void;
}

/** (client, clock) of the first struct of a Yjs update. */
function head(update: Uint8Array): { client: number; clock: number } {
  const decoder = decoding.createDecoder(update);
  decoding.readVarUint(decoder); // clients
  decoding.readVarUint(decoder); // structs of the first client
  return { client: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder) };
}

function connect(mode: Mode, url: string, room: string, doc: Y.Doc): { synced: Promise<void>; destroy(): void } {
  const token = `bench-${doc.clientID}`;
  if (mode === 'ours') {
    const provider = new WebsocketProvider(url, room, doc, {
      params: { token, ack: '1' },
      disableBc: true,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    provider.messageHandlers[100] = () => undefined; // durable acks: the app reads them; the bench only pays for them
    return {
      synced: new Promise((resolve) => provider.once('sync', () => resolve())),
      destroy: () => {
        provider.destroy();
        provider.awareness.destroy();
      },
    };
  }
  const websocketProvider = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
  let resolveSynced = (): void => undefined;
  const synced = new Promise<void>((resolve) => (resolveSynced = resolve));
  const provider = new HocuspocusProvider({ websocketProvider, name: room, document: doc, token, onSynced: () => resolveSynced() });
  provider.attach();
  return {
    synced,
    destroy: () => {
      provider.destroy();
      websocketProvider.destroy();
    },
  };
}

async function runShape(mode: Mode, shape: Shape): Promise<{ perSecond: number; cpuPerK: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fieldbook-bench-stock-'));
  const server = await startServer(mode, dataDir);
  const byClient = new Map<number, Writer>();
  const writers: Writer[] = [];
  let measuring = false;
  let stopped = false;
  let delivered = 0;
  let nextId = 1;
  const send = (w: Writer): void => {
    while (!stopped && w.inFlight < WINDOW) {
      w.reached[w.nextClock++] = 0;
      w.inFlight++;
      w.doc.getMap('m').set('v', w.nextClock); // the provider sends it
    }
  };
  try {
    const synced: Promise<void>[] = [];
    for (let r = 0; r < shape.rooms; r++) {
      const room = `instance:${randomUUID()}`;
      const peers: Writer[] = [];
      for (let c = 0; c < shape.perRoom; c++) {
        const doc = new Y.Doc();
        doc.clientID = nextId++;
        const connection = connect(mode, server.url, room, doc);
        const writer: Writer = { doc, peers, inFlight: 0, nextClock: 0, reached: [], destroy: () => connection.destroy() };
        peers.push(writer);
        writers.push(writer);
        byClient.set(doc.clientID, writer);
        synced.push(connection.synced);
        doc.on('update', (update: Uint8Array, origin: unknown) => {
          if (origin === null) return; // a local write
          const { client, clock } = head(update);
          const from = byClient.get(client);
          if (!from || from === writer) return;
          if (measuring) delivered++;
          const reached = (from.reached[clock] ?? 0) + 1;
          from.reached[clock] = reached;
          if (reached === from.peers.length - 1) {
            from.inFlight--;
            send(from);
          }
        });
      }
    }
    await Promise.all(synced);
    for (const w of writers) send(w);
    await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
    measuring = true;
    const cpu0 = server.cpuMs();
    const t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, MEASURE_MS));
    measuring = false;
    const elapsed = performance.now() - t0;
    const cpu = server.cpuMs() - cpu0;
    return { perSecond: (delivered * 1000) / elapsed, cpuPerK: (cpu * 1000) / Math.max(1, delivered) };
  } finally {
    stopped = true;
    for (const w of writers) w.destroy();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const run: BenchSuite = async () => {
  const rows: BenchRow[] = [];
  for (const shape of SHAPES) {
    const hocuspocus = await runShape('hocuspocus', shape);
    const ours = await runShape('ours', shape);
    const ratio = hocuspocus.cpuPerK / ours.cpuPerK;
    rows.push({
      name: `server CPU per 1k deliveries, ${shape.name}, stock clients`,
      value: ours.cpuPerK,
      unit: 'ms',
      budget: `>= ${BUDGET_RATIO}x less than Hocuspocus`,
      pass: ratio >= BUDGET_RATIO,
      baseline: hocuspocus.cpuPerK,
      ratio: `${ratio.toFixed(2)}x less`,
      note: `${ours.perSecond.toFixed(0)} vs ${hocuspocus.perSecond.toFixed(0)} deliveries/s; ours: y-websocket, ack=1; Hocuspocus 3.4 + extension-sqlite, @hocuspocus/provider`,
    });
  }
  return rows;
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = SHAPES.find((s) => s.name === process.argv[2]);
  if (only) for (const mode of ['hocuspocus', 'ours'] as const) console.log(mode, JSON.stringify(await runShape(mode, only)));
  else for (const row of await run()) console.log(JSON.stringify(row));
}
