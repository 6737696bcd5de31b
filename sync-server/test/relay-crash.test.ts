/** SIGKILL of the relay process mid-stream loses nothing that was acknowledged, or that the client still holds. */
import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as Y from 'yjs';
import { docFromSqlite, newRoom, openDb } from './helpers/relay-harness';
import { connectYjs, covers, yjsEndpoint } from './helpers/yjs-client';
import type { YjsClient } from './helpers/yjs-client';
import { waitFor } from './helpers/wait';
import { killChildren, spawnRelayChild } from './helpers/child-relay';
import type { ChildRelay } from './helpers/child-relay';
import { tempDir } from './helpers/temp-dir';
import { mulberry32 } from '../../src/completion/test-support';

const CHILD = fileURLToPath(new URL('./helpers/relay-child.ts', import.meta.url));
const ROUNDS = 20;

const clients: YjsClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
  killChildren();
});

const spawnRelay = (file: string): Promise<ChildRelay> => spawnRelayChild(CHILD, file);

/**
 * Not a wait for anything: a seeded point where the event loop may run socket I/O between two
 * edits, so frames go out (and acks come back) while the edit loop is still running and the
 * SIGKILL lands mid-stream. Which edits get one is chosen by the seed.
 */
const letSocketsRun = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('relay crash', () => {
  it(`keeps every edit across ${ROUNDS} SIGKILLs mid-stream (seeded)`, async () => {
    const seed = Number(process.env.RELAY_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const tmp = tempDir();
    const file = path.join(tmp.dir, 'relay.sqlite');
    try {
      const random = mulberry32(seed);
      const room = newRoom();
      const device = new Y.Doc();
      let client: YjsClient | undefined;
      let relay = await spawnRelay(file);
      for (let round = 0; round < ROUNDS; round++) {
        if (!client) {
          client = connectYjs(relay.url, room, 'rw-crew', { ack: true, doc: device });
          clients.push(client);
        } else {
          client.provider.serverUrl = yjsEndpoint(relay.url); // the next reconnect attempt goes to the new process
        }
        await client.synced();
        // Everything from earlier rounds (including edits made while the relay was down) is stored.
        const c = client;
        await waitFor(() => covers(c.stored, device), `round ${round}: stored ack after reconnect`);

        const edits = 10 + Math.floor(random() * 60);
        const killAt = Math.floor(random() * edits);
        let ackedAtKill: Map<number, number> | undefined;
        for (let i = 0; i < edits; i++) {
          if (random() < 0.2) device.getText('notes').insert(0, `r${round}e${i} `);
          else device.getMap('steps').set(`r${round}-${i}`, { done: random() < 0.5, at: i });
          if (i === killAt) {
            ackedAtKill = client.stored;
            relay.child.kill('SIGKILL');
          }
          if (random() < 0.7) await letSocketsRun();
        }
        await relay.exited;
        // Acknowledged means durable: the file alone holds everything acked before the kill.
        const db = openDb(file);
        const onDisk = docFromSqlite(db, room);
        db.close();
        for (const [clientId, clock] of ackedAtKill ?? []) {
          expect(Y.getState(onDisk.store, clientId), `round ${round}: acked clock of ${clientId}`).toBeGreaterThanOrEqual(clock);
        }
        relay = await spawnRelay(file);
      }
      const last = client!;
      last.provider.serverUrl = yjsEndpoint(relay.url);
      await last.synced();
      await waitFor(() => covers(last.stored, device), 'final stored ack');
      const observer = connectYjs(relay.url, room, 'rw-observer');
      clients.push(observer);
      await observer.synced();
      expect(observer.doc.getMap('steps').toJSON()).toEqual(device.getMap('steps').toJSON());
      expect(observer.doc.getText('notes').toJSON()).toBe(device.getText('notes').toJSON());
      relay.child.kill('SIGKILL');
      await relay.exited;
      const db = openDb(file);
      expect(docFromSqlite(db, room).getMap('steps').toJSON()).toEqual(device.getMap('steps').toJSON());
      db.close();
    } catch (error) {
      throw new Error(`relay crash test failed with seed ${seed} (rerun with RELAY_CRASH_SEED=${seed}): ${String(error)}`, { cause: error });
    } finally {
      tmp.remove();
    }
  }, 180_000);
});
