/** Issue 15 item 1 on a real relay (port 0, real SQLite): costly frames hit a per-connection byte and CPU budget. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../src/protocol';
import { createMemoryStore, createRelay, RELAY_DEFAULTS, silentLogger } from '../src/relay';
import type { Connection, RelayOptions } from '../src/relay';
import { newRoom, testAuthorize, useRelayTestbed } from './helpers/relay-harness';
import { rawSocket, syncFrame } from './helpers/raw-frames';
import { FakeDevice } from './helpers/fake-peer';
import { waitFor } from './helpers/wait';

const { relay } = useRelayTestbed();

/** ~0.7 MiB of 60,000 tiny map entries from a fresh client: cheap to send, costly to apply. */
function costlyFrame(): Uint8Array {
  const doc = new Y.Doc();
  const map = doc.getMap('m');
  doc.transact(() => {
    for (let i = 0; i < 60_000; i++) map.set(`k${i}`, i);
  });
  return syncFrame(2, Y.encodeStateAsUpdate(doc));
}

/** Largest gap between 10 ms ticks while `work` runs: how long the relay (same process) was unresponsive. */
async function maxStall(work: Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 10);
  try {
    await work;
  } finally {
    clearInterval(timer);
  }
  return worst;
}

async function attack(options: RelayOptions): Promise<{ code: number; reason: string; stall: number; applied: number }> {
  const r = await relay({ maxRoomBytes: 0, ...options });
  const room = newRoom();
  const frames = Array.from({ length: 15 }, costlyFrame);
  const { ws, closed } = await rawSocket(r.url, room, 'rw-attacker');
  for (const frame of frames) ws.send(frame);
  const stall = await maxStall(closed);
  const { code, reason } = await closed;
  return { code, reason, stall, applied: r.relay.roomDoc(room)?.getMap('m').size ?? 0 };
}

describe('relay hardening: budgets', () => {
  it('R9: 15 costly frames from one connection: closed with 4429 (CPU budget) after a few, the relay never stalls over 1.5 s', async () => {
    // The default CPU budget; bytes unlimited, so only CPU can stop it.
    const result = await attack({ budgets: { bytesPerSecond: 1e9, burstBytes: 1e9, cpuMsPerSecond: 50, burstCpuMs: 400 } });
    expect(result.code).toBe(CLOSE_CODES.rateLimited);
    expect(result.reason).toBe('over CPU budget');
    expect(result.applied).toBeLessThan(15 * 60_000);
    expect(result.stall).toBeLessThan(1_500);
  }, 30_000);

  it('R9: the byte budget closes a connection that sends more than its burst (default 4 MiB) at once', async () => {
    expect(RELAY_DEFAULTS.budgets && RELAY_DEFAULTS.budgets.burstBytes).toBe(4 * 1024 * 1024);
    const result = await attack({ budgets: { bytesPerSecond: 256 * 1024, burstBytes: 4 * 1024 * 1024, cpuMsPerSecond: 1e9, burstCpuMs: 1e9 } });
    expect(result.code).toBe(CLOSE_CODES.rateLimited);
    expect(result.reason).toBe('over byte budget');
    expect(result.applied).toBeLessThan(15 * 60_000);
  }, 30_000);

  it('R9: a writer in a big room is charged for applying its updates, not for the fan-out to every peer', async () => {
    const relay = createRelay({ authorize: testAuthorize, ...createMemoryStore() }, { logger: silentLogger, budgets: { bytesPerSecond: 1e9, burstBytes: 1e9, cpuMsPerSecond: 1, burstCpuMs: 50 } });
    try {
      const room = newRoom();
      // 40 receivers whose every delivery costs the relay ~0.25 ms: each update's fan-out ~10 ms.
      const slowSend = (): void => {
        const until = performance.now() + 0.25;
        while (performance.now() < until) {
          // a receiver the relay has to work to reach
        }
      };
      const receivers: Connection[] = Array.from({ length: 40 }, () => ({ send: slowSend, close: () => undefined }));
      for (const connection of receivers) await relay.connect(connection, { room, token: 'rw-reader', ackStored: false });
      const writer = await FakeDevice.join(relay, room, 'rw-writer', false);
      await waitFor(() => writer.inbox.length > 0, 'sync step 1');
      writer.drain();
      // 20 edits: ~200 ms of fan-out, four times the 50 ms burst; applying them costs far less.
      for (let i = 0; i < 20; i++) writer.edit((doc) => doc.getMap('steps').set(`s${i}`, i));
      await waitFor(() => writer.closed !== undefined || relay.roomDoc(room)?.getMap('steps').get('s19') === 19, 'every edit applied, or a close');
      expect(writer.closed).toBeUndefined();
    } finally {
      await relay.close();
    }
  });
});
