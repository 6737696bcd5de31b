/**
 * A second device's offline edits to a run another device finished: the relay holds the room
 * read-only and drops them (relay SPEC R6), and tells the device so (type 101); the device's
 * provider manager shows them as not accepted instead of "waiting" forever. Real relay on port
 * 0, real SQLite, the PWA's own provider manager over `ws`.
 */
import 'fake-indexeddb/auto';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { InstanceDoc } from '../completion';
import { closeTestDbs, freshDb } from '../db/test-support';
import { createProviderManager } from './docs/provider-manager';
import type { ProviderManager } from './docs/provider-manager';
import { readRelayMarkers, writeRelayMarker } from './docs/relay-marker-store';
import { instanceFor } from '../../sync-server/test/helpers/records';
import { startTestServer } from '../../sync-server/test/helpers/test-server';
import type { TestServer } from '../../sync-server/test/helpers/test-server';
import { waitFor } from '../../sync-server/test/helpers/wait';
import { connectYjs } from '../../sync-server/test/helpers/yjs-client';

let relay: TestServer | undefined;
const managers: ProviderManager[] = [];
afterEach(async () => {
  for (const m of managers.splice(0)) await m.stop();
  await relay?.close();
  relay = undefined;
  await closeTestDbs();
});

function manager(server: TestServer, token: string, docs: Map<string, Y.Doc>, db = freshDb()): { manager: ProviderManager; db: ReturnType<typeof freshDb> } {
  const m = createProviderManager({
    db,
    token,
    baseUrl: `${server.url.replace(/^http/, 'ws')}/yjs`,
    device: 'tablet-b',
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    loadDoc: (id) => {
      const doc = docs.get(id) ?? new Y.Doc();
      return Promise.resolve({ doc, close: () => Promise.resolve() });
    },
  });
  managers.push(m);
  return { manager: m, db };
}

describe('edits made after another device finished the run', () => {
  it('are reported as not accepted (type 101), kept on the device and not counted as waiting', async () => {
    const server = await startTestServer();
    relay = server;
    const owner = await server.signup('owner@site.example', 'Owner');
    const body = instanceFor(owner.user.id);
    expect((await server.request('PUT', `/api/instances/${body.id}`, { token: owner.token, body })).status).toBe(200);

    // Tablet A writes one answer, the relay stores it; then A completes the run.
    const a = connectYjs(server.url, `instance:${body.id}`, owner.token);
    await a.synced();
    new InstanceDoc(a.doc, { device: 'tablet-a', by: owner.user.id }).setDone('s1', true);
    await waitFor(() => server.server.rooms.relay.stats().rooms >= 1, 'the room to open');
    const finished = { ...body, status: 'completed', completedAt: 1_700_000_002_000 };
    expect((await server.request('PUT', `/api/instances/${body.id}`, { token: owner.token, body: finished })).status).toBe(200);
    a.destroy();

    // Tablet B was offline: it ticked two items the relay has never seen.
    const docB = new Y.Doc();
    const modelB = new InstanceDoc(docB, { device: 'tablet-b', by: owner.user.id });
    modelB.setDone('s2', true);
    modelB.setDone('s3', true);
    // Its stored marker says B has changes not yet measured against the relay.
    const db = freshDb();
    await writeRelayMarker(db, body.id, { stateVector: '', pending: -1, at: 0 });
    const { manager: m } = manager(server, owner.token, new Map([[body.id, docB]]), db);

    await waitFor(() => m.getState().instances.some((i) => i.notAccepted !== undefined), 'the relay to refuse the edits', 10_000);
    const state = m.getState();
    const run = state.instances.find((i) => i.instanceId === body.id);
    expect(run?.pending).toBe(2);
    expect(state.pending).toBe(0);
    expect(state.notAccepted).toBe(2);
    // The edits are still in the device's doc, readable.
    expect(modelB.snapshot().done).toMatchObject({ s2: true, s3: true });
    // Kept across a reload.
    await expect.poll(async () => (await readRelayMarkers(db)).get(body.id)?.notAccepted?.at).toBeTypeOf('number');

    // The user's choice: discarding them stops counting them, the doc is left as it is.
    m.resolveNotAccepted(body.id, 'discarded');
    await expect.poll(() => m.getState().notAccepted).toBe(0);
    expect((await readRelayMarkers(db)).get(body.id)?.notAccepted?.resolved?.how).toBe('discarded');
    expect(modelB.snapshot().done).toMatchObject({ s2: true, s3: true });
  });

  it('an admin reading a finished run with nothing new is not told anything was refused', async () => {
    const server = await startTestServer();
    relay = server;
    const admin = await server.signup('admin@site.example', 'Admin');
    const owner = await server.signup('owner@site.example', 'Owner');
    const body = instanceFor(owner.user.id, { status: 'completed', completedAt: 1_700_000_002_000 });
    expect((await server.request('PUT', `/api/instances/${body.id}`, { token: owner.token, body })).status).toBe(200);
    const viewer = new Y.Doc();
    const { manager: m } = manager(server, admin.token, new Map());
    m.attach(body.id, viewer);
    await waitFor(() => m.getState().instances.some((i) => i.instanceId === body.id && i.acknowledgedAt !== undefined), 'the relay to acknowledge', 10_000);
    expect(m.getState().instances.find((i) => i.instanceId === body.id)?.notAccepted).toBeUndefined();
    expect(m.getState().notAccepted).toBe(0);
  });
});
