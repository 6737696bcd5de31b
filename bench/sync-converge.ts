import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { InstanceDoc } from '../src/completion';
import { mulberry32 } from '../src/completion/test-support';
import { createServer } from '../sync-server/src/server';
import type { BenchSuite } from './types';

const EDITS = 500;
const STEPS = 200;
const ROUNDS = 5;
const BUDGET_MS = 2_000;

/** 500 offline edits on one device: step ticks, answers and note text, like a long shift. */
function offlineEdits(doc: Y.Doc, device: string, by: string, seed: number): void {
  const model = new InstanceDoc(doc, { device, by });
  const random = mulberry32(seed);
  for (let i = 0; i < EDITS; i += 1) {
    const step = `s${Math.floor(random() * STEPS)}`;
    const roll = random();
    if (roll < 0.6) model.setDone(step, random() < 0.8);
    else if (roll < 0.9) model.setValue(`${step}.reading`, Math.round(random() * 1000));
    else model.putNote(step, `n${i}`, `${device} note ${i}.`);
  }
}

const sameState = (a: Y.Doc, b: Y.Doc): boolean => Buffer.compare(Buffer.from(Y.encodeStateVector(a)), Buffer.from(Y.encodeStateVector(b))) === 0;

async function until(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('devices did not converge in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function json(url: string, method: string, body: unknown, token?: string): Promise<unknown> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * Two devices x 500 offline edits of one instance, then both reconnect to a real relay
 * (SQLite, auth) with stock y-websocket clients: time until both hold identical state.
 * Baseline: the same two docs merged directly in memory (the floor set by Yjs itself).
 */
export const run: BenchSuite = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-bench-sync-'));
  const server = createServer({ dataDir, rateLimit: false });
  const { url } = await server.listen();
  try {
    const auth = (await json(`${url}/api/auth/signup`, 'POST', { email: 'bench@example.com', password: 'bench-password-1', name: 'Bench' })) as {
      token: string;
      user: { id: string };
    };
    const relayTimes: number[] = [];
    const memoryTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const id = crypto.randomUUID();
      const now = Date.now();
      await json(`${url}/api/instances/${id}`, 'PUT', {
        id,
        sourceDocumentId: '5eed0000-0000-4000-8000-00000000d001',
        documentVersionId: '5eed0000-0000-4000-8000-00000000e001',
        contentType: 'procedure',
        title: 'Bench run',
        userId: auth.user.id,
        status: 'in_progress',
        createdAt: now,
        lastActivityAt: now,
      }, auth.token);
      const docA = new Y.Doc();
      const docB = new Y.Doc();
      offlineEdits(docA, 'tablet-a', auth.user.id, round * 2 + 1);
      offlineEdits(docB, 'tablet-b', auth.user.id, round * 2 + 2);

      const memA = new Y.Doc();
      const memB = new Y.Doc();
      Y.applyUpdate(memA, Y.encodeStateAsUpdate(docA));
      Y.applyUpdate(memB, Y.encodeStateAsUpdate(docB));
      const memStart = performance.now();
      Y.applyUpdate(memA, Y.encodeStateAsUpdate(memB, Y.encodeStateVector(memA)));
      Y.applyUpdate(memB, Y.encodeStateAsUpdate(memA, Y.encodeStateVector(memB)));
      memoryTimes.push(performance.now() - memStart);

      const start = performance.now();
      const providers = [docA, docB].map(
        (doc) =>
          new WebsocketProvider(`${url.replace(/^http/, 'ws')}/yjs`, `instance:${id}`, doc, {
            params: { token: auth.token },
            disableBc: true,
            WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
          }),
      );
      await until(() => sameState(docA, docB) && providers.every((p) => p.synced), 10_000);
      relayTimes.push(performance.now() - start);
      // provider.destroy() leaves its Awareness's 30 s interval running; it would hold the bench open.
      for (const p of providers) {
        p.destroy();
        p.awareness.destroy();
      }
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
    const value = median(relayTimes);
    const base = median(memoryTimes);
    return [
      {
        name: `2 devices x ${EDITS} offline edits: reconnect to identical state (median of ${ROUNDS})`,
        value,
        unit: 'ms',
        budget: `<= ${BUDGET_MS} ms`,
        pass: value <= BUDGET_MS,
        baseline: base,
        ratio: `${(value / base).toFixed(1)}x in-memory merge`,
        note: `max ${Math.max(...relayTimes).toFixed(0)} ms; real relay (SQLite, auth), stock y-websocket clients; baseline = direct Yjs merge`,
      },
    ];
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
