/**
 * Costly frames (issue 15, item 1): one connection sends 1 MiB updates each made of ~500k tiny
 * GC structs (cheap to send, ~200 ms of CPU to apply) to our relay with its default limits, in
 * a child process. Measured: the relay's CPU (/proc/<pid>/stat) per costly frame sent, until
 * the relay closes the socket or FRAMES were sent and it went quiet. Without a per-connection
 * CPU budget every frame is paid in full; with one the relay closes with 4429 and the cost per
 * frame is bounded. Baseline: applying such updates to one Y.Doc in this process, per frame.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { startServer } from './relay-bench-support';
import type { BenchSuite } from './types';

const FRAMES = 15;
const BASELINE_FRAMES = 5;
const STRUCTS = 500_000;
/** The relay is done with what it was sent once its CPU time stops growing for this long. */
const QUIET_MS = 500;
const DEADLINE_MS = 60_000;

/** The Yjs update inside a y-websocket sync-update frame. */
export function updateOf(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder); // sync
  decoding.readVarUint(decoder); // update
  return decoding.readVarUint8Array(decoder);
}

/** A y-websocket update frame: `structs` one-long GC structs of a new client from clock 0, no deletes. */
export function costlyFrame(client: number, structs = STRUCTS): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 1); // clients
  encoding.writeVarUint(update, structs);
  encoding.writeVarUint(update, client);
  encoding.writeVarUint(update, 0); // first clock
  for (let i = 0; i < structs; i++) {
    encoding.writeUint8(update, 0); // GC
    encoding.writeVarUint(update, 1); // length
  }
  encoding.writeVarUint(update, 0); // delete set: no clients
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, 0); // sync
  encoding.writeVarUint(frame, 2); // update
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
  return encoding.toUint8Array(frame);
}

interface Outcome {
  sent: number;
  cpuMs: number;
  closeCode: number | null;
  elapsedMs: number;
}

async function attack(env: Record<string, string>): Promise<Outcome> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fieldbook-bench-costly-'));
  const server = await startServer('ours-defaults', dataDir, env);
  const frames = Array.from({ length: FRAMES }, (_, i) => costlyFrame(1_000 + i));
  const ws = new WebSocket(`${server.url}/instance:${randomUUID()}?token=bench-costly`, { perMessageDeflate: false });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('message', () => resolve());
      ws.once('error', reject);
    });
    let closeCode: number | null = null;
    const closed = new Promise<void>((resolve) =>
      ws.once('close', (code) => {
        closeCode = code;
        resolve();
      }),
    );
    const cpu0 = server.cpuMs();
    const t0 = performance.now();
    let sent = 0;
    for (const frame of frames) {
      if (ws.readyState !== WebSocket.OPEN) break;
      // One frame at a time, once the previous one left this process's buffer.
      await new Promise<void>((resolve) => ws.send(frame, () => resolve()));
      sent++;
    }
    // Wait until the relay closed the socket or its CPU time stopped growing.
    let last = server.cpuMs();
    let quietSince = performance.now();
    while (closeCode === null && performance.now() - t0 < DEADLINE_MS) {
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 100))]);
      const now = server.cpuMs();
      if (now !== last) {
        last = now;
        quietSince = performance.now();
      } else if (performance.now() - quietSince >= QUIET_MS) break;
    }
    return { sent, cpuMs: server.cpuMs() - cpu0, closeCode, elapsedMs: performance.now() - t0 };
  } finally {
    ws.terminate();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const run: BenchSuite = async () => {
  // Baseline: the same kind of frames applied to one Y.Doc in this process (no relay around it).
  const sample = costlyFrame(1);
  const doc = new Y.Doc();
  const updates = Array.from({ length: BASELINE_FRAMES }, (_, i) => updateOf(costlyFrame(1 + i)));
  const cpu0 = process.cpuUsage(); // CPU time, like the relay's: the machine may be shared
  for (const update of updates) Y.applyUpdate(doc, update);
  const cpu = process.cpuUsage(cpu0);
  const applyMs = (cpu.user + cpu.system) / 1000 / BASELINE_FRAMES;
  if (Y.getState(doc.store, 1) !== STRUCTS) throw new Error('the costly update did not apply');
  const on = await attack({});
  const perFrame = on.cpuMs / Math.max(1, on.sent);
  return [
    {
      name: `relay CPU per costly frame (${(sample.byteLength / 2 ** 20).toFixed(2)} MiB, ${STRUCTS / 1000}k GC structs), until closed`,
      value: perFrame,
      unit: 'ms',
      budget: `closed (4429) before ${FRAMES} frames`,
      pass: on.closeCode === 4429 && on.sent < FRAMES,
      baseline: applyMs,
      ratio: `${(perFrame / applyMs).toFixed(2)}x Y.applyUpdate`,
      note: `${on.sent} frames sent, relay CPU ${on.cpuMs.toFixed(0)} ms in ${on.elapsedMs.toFixed(0)} ms, close ${on.closeCode ?? 'none'}; relay defaults; baseline = Y.applyUpdate of ${BASELINE_FRAMES} such frames in-process, CPU per frame`,
    },
  ];
};

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await run()) console.log(JSON.stringify(row));
}
