/**
 * A reviewer opens a run this device does not have (`GET /api/instances/:id`), and the members
 * list behind "who did what" (`GET /api/members`). Real relay on port 0, real SQLite, the PWA's
 * own API client; fake-indexeddb for the device database.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { getChangesCursor, readMembers, storeMembers } from '../db';
import { closeTestDbs, freshDb } from '../db/test-support';
import type { InstanceId, UserId, VersionId } from '../domain';
import { createApiClient } from './api-client';
import { fetchRemoteRun, refreshMembers } from './remote-run';
import { instanceFor } from '../../sync-server/test/helpers/records';
import { FORM } from '../../sync-server/test/helpers/shares';
import { startTestServer } from '../../sync-server/test/helpers/test-server';
import type { TestServer } from '../../sync-server/test/helpers/test-server';

let relay: TestServer | undefined;
afterEach(async () => {
  await relay?.close();
  relay = undefined;
  await closeTestDbs();
});

const clientOf = (server: TestServer, token: string) => createApiClient({ baseUrl: server.url, getToken: () => token });

async function workspace() {
  const server = await startTestServer();
  relay = server;
  const admin = await server.signup('admin@site.example', 'Ada Admin');
  const ann = await server.signup('ann@site.example', 'Ann Crew');
  const bo = await server.signup('bo@site.example', 'Bo Crew');
  const run = instanceFor(ann.user.id, { sourceDocumentId: FORM.document, documentVersionId: FORM.version, contentType: 'form', title: 'Incident report' });
  expect((await server.request('PUT', `/api/instances/${run.id}`, { token: ann.token, body: run })).status).toBe(200);
  return { server, admin, ann, bo, run };
}

describe('fetchRemoteRun', () => {
  it("stores a member's run and its pinned version for an admin, without moving the feed cursor or queueing anything", async () => {
    const { server, admin, run } = await workspace();
    const db = freshDb();
    expect(await fetchRemoteRun(clientOf(server, admin.token), db, run.id)).toBe('stored');
    expect(await db.instances.get(run.id as InstanceId)).toMatchObject({ id: run.id, userId: run.userId, status: 'in_progress' });
    expect(await db.versions.get(FORM.version as VersionId)).toMatchObject({ id: FORM.version, documentId: FORM.document });
    expect(await getChangesCursor(db)).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
  });

  it("says forbidden for another member's run and not_found for an unknown one, storing nothing", async () => {
    const { server, admin, bo, run } = await workspace();
    const db = freshDb();
    expect(await fetchRemoteRun(clientOf(server, bo.token), db, run.id)).toBe('forbidden');
    expect(await fetchRemoteRun(clientOf(server, admin.token), db, crypto.randomUUID())).toBe('not_found');
    expect(await db.instances.count()).toBe(0);
    expect(await db.versions.count()).toBe(0);
  });

  it('says offline when the relay cannot be reached', async () => {
    const { server, admin, run } = await workspace();
    const api = clientOf(server, admin.token);
    await server.close();
    relay = undefined;
    expect(await fetchRemoteRun(api, freshDb(), run.id)).toBe('offline');
  });
});

describe('refreshMembers', () => {
  it("keeps every member's name on the device for a member too, and keeps the last list when offline", async () => {
    const { server, admin, ann, bo } = await workspace();
    const db = freshDb();
    const api = clientOf(server, ann.token);
    await refreshMembers(api, db);
    expect(await readMembers(db)).toEqual([
      { id: admin.user.id, name: 'Ada Admin' },
      { id: ann.user.id, name: 'Ann Crew' },
      { id: bo.user.id, name: 'Bo Crew' },
    ]);
    await server.close();
    relay = undefined;
    await refreshMembers(api, db);
    expect((await readMembers(db)).map((m) => m.name)).toEqual(['Ada Admin', 'Ann Crew', 'Bo Crew']);
  });

  it('reads an unreadable stored list as empty', async () => {
    const db = freshDb();
    await storeMembers(db, [{ id: crypto.randomUUID() as UserId, name: 'Dana' }]);
    expect(await readMembers(db)).toHaveLength(1);
    await db.kv.put({ key: 'members', value: [{ id: 'not-a-uuid', name: '' }] });
    expect(await readMembers(db)).toEqual([]);
  });
});
