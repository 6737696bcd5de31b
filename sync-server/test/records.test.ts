import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activityIdFor } from '../../src/domain';
import type { InstanceId } from '../../src/domain';
import { activityFor, activityOf, instanceFor, procedureDocument, procedureVersion } from './helpers/records';
import { startTestServer } from './helpers/test-server';
import type { TestServer } from './helpers/test-server';

let relay: TestServer;
let admin: { token: string; user: { id: string } };
let member: { token: string; user: { id: string } };

beforeEach(async () => {
  relay = await startTestServer();
  admin = await relay.signup('admin@site.example', 'Admin');
  member = await relay.signup('member@site.example', 'Member');
});
afterEach(async () => {
  await relay.close();
});

describe('PUT /api/documents/:id', () => {
  it('stores a document written by the admin and answers 200 {value}', async () => {
    const doc = procedureDocument();
    const res = await relay.request('PUT', `/api/documents/${doc.id}`, { token: admin.token, body: doc });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ value: doc });
  });

  it('refuses a member with 403 forbidden and an anonymous caller with 401', async () => {
    const doc = procedureDocument();
    const asMember = await relay.request('PUT', `/api/documents/${doc.id}`, { token: member.token, body: doc });
    expect(asMember.status).toBe(403);
    expect(asMember.body.error.code).toBe('forbidden');
    expect((await relay.request('PUT', `/api/documents/${doc.id}`, { body: doc })).status).toBe(401);
  });

  it('refuses a body whose id differs from the URL with 422 at path id', async () => {
    const doc = procedureDocument();
    const other = procedureDocument();
    const res = await relay.request('PUT', `/api/documents/${other.id}`, { token: admin.token, body: doc });
    expect(res.status).toBe(422);
    expect(res.body.error.issues).toEqual([expect.objectContaining({ path: 'id' }) as unknown]);
  });

  it('keeps the newer document when an older update arrives late (last writer by updatedAt wins)', async () => {
    const doc = procedureDocument();
    const newer = { ...doc, title: 'Hot work permit (rev B)', updatedAt: doc.updatedAt + 10 };
    await relay.request('PUT', `/api/documents/${doc.id}`, { token: admin.token, body: newer });
    const late = await relay.request('PUT', `/api/documents/${doc.id}`, { token: admin.token, body: doc });
    expect(late.body.value.title).toBe('Hot work permit (rev B)');
  });
});

describe('PUT /api/documents/:id/versions/:versionId', () => {
  it('is idempotent for identical content and 409 conflict for different content', async () => {
    const doc = procedureDocument();
    const version = procedureVersion(doc.id);
    const url = `/api/documents/${doc.id}/versions/${version.id}`;
    expect((await relay.request('PUT', url, { token: admin.token, body: version })).status).toBe(200);
    const again = await relay.request('PUT', url, { token: admin.token, body: version });
    expect(again.status).toBe(200);
    expect(again.body.value).toEqual(version);
    const edited = { ...version, definition: { steps: [{ id: 'fire-watch', title: 'Post two fire watches', required: true }] } };
    const conflict = await relay.request('PUT', url, { token: admin.token, body: edited });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('conflict');
  });

  it('refuses a second version with the same number, and a member', async () => {
    const doc = procedureDocument();
    const v1 = procedureVersion(doc.id);
    const dup = procedureVersion(doc.id);
    await relay.request('PUT', `/api/documents/${doc.id}/versions/${v1.id}`, { token: admin.token, body: v1 });
    expect((await relay.request('PUT', `/api/documents/${doc.id}/versions/${dup.id}`, { token: admin.token, body: dup })).status).toBe(409);
    const v2 = procedureVersion(doc.id, { version: 2 });
    expect((await relay.request('PUT', `/api/documents/${doc.id}/versions/${v2.id}`, { token: member.token, body: v2 })).status).toBe(403);
  });

  it('refuses a version filed under another document with 422 at path documentId', async () => {
    const doc = procedureDocument();
    const version = procedureVersion(procedureDocument().id);
    const res = await relay.request('PUT', `/api/documents/${doc.id}/versions/${version.id}`, { token: admin.token, body: version });
    expect(res.status).toBe(422);
    expect(res.body.error.issues?.[0]?.path).toBe('documentId');
  });
});

describe('PUT /api/instances/:id', () => {
  it('never moves status down the lattice', async () => {
    const instance = instanceFor(member.user.id, { status: 'completed', completedAt: 1_700_000_002_000, lastActivityAt: 1_700_000_002_000 });
    const url = `/api/instances/${instance.id}`;
    expect((await relay.request('PUT', url, { token: member.token, body: instance })).status).toBe(200);
    const stale: Record<string, unknown> = { ...instance, status: 'in_progress', lastActivityAt: 1_700_000_003_000 };
    delete stale.completedAt;
    const res = await relay.request('PUT', url, { token: member.token, body: stale });
    expect(res.status).toBe(200);
    expect(res.body.value).toMatchObject({ status: 'completed', completedAt: 1_700_000_002_000, lastActivityAt: 1_700_000_003_000 });
  });

  it('merges abandoned by the lattice: above in_progress, below completed, with its reason and one run_abandoned event', async () => {
    const instance = instanceFor(member.user.id, { status: 'in_progress', startedAt: 1_700_000_001_000 });
    const url = `/api/instances/${instance.id}`;
    expect((await relay.request('PUT', url, { token: member.token, body: instance })).status).toBe(200);
    const abandoned = { ...instance, status: 'abandoned', abandonedAt: 1_700_000_002_000, abandonReason: 'Started by mistake', lastActivityAt: 1_700_000_002_000 };
    expect((await relay.request('PUT', url, { token: member.token, body: abandoned })).body.value).toMatchObject({ status: 'abandoned', abandonReason: 'Started by mistake' });
    // A late in_progress replica does not reopen it.
    const late = await relay.request('PUT', url, { token: member.token, body: { ...instance, lastActivityAt: 1_700_000_003_000 } });
    expect(late.body.value).toMatchObject({ status: 'abandoned', abandonedAt: 1_700_000_002_000, abandonReason: 'Started by mistake' });
    const event = {
      id: activityIdFor('run_abandoned', instance.id as InstanceId),
      type: 'run_abandoned',
      userId: member.user.id,
      documentId: instance.sourceDocumentId,
      instanceId: instance.id,
      title: instance.title,
      createdAt: 1_700_000_002_000,
      metadata: { reason: 'Started by mistake' },
    };
    const stored = await relay.request('PUT', `/api/activity/${event.id}`, { token: member.token, body: event });
    expect(stored.status).toBe(200);
    expect(stored.body.value).toEqual(event);
    // Work completed on another device wins over the abandon.
    const completed = { ...instance, status: 'completed', completedAt: 1_700_000_004_000, lastActivityAt: 1_700_000_004_000 };
    expect((await relay.request('PUT', url, { token: member.token, body: completed })).body.value).toMatchObject({ status: 'completed', abandonReason: 'Started by mistake' });
  });

  it('lets only the owner write an instance', async () => {
    const instance = instanceFor(member.user.id);
    const url = `/api/instances/${instance.id}`;
    expect((await relay.request('PUT', url, { token: admin.token, body: instance })).status).toBe(403);
    await relay.request('PUT', url, { token: member.token, body: instance });
    const takeover = { ...instance, userId: admin.user.id };
    expect((await relay.request('PUT', url, { token: admin.token, body: takeover })).status).toBe(403);
  });
});

describe('PUT /api/activity/:id', () => {
  it('inserts once; a replay or a rival copy returns the stored event', async () => {
    const instance = instanceFor(member.user.id);
    expect((await relay.request('PUT', `/api/instances/${instance.id}`, { token: member.token, body: instance })).status).toBe(200);
    const event = activityOf(instance);
    const url = `/api/activity/${event.id}`;
    const first = await relay.request('PUT', url, { token: member.token, body: event });
    expect(first.status).toBe(200);
    expect(first.body.value).toEqual(event);
    const rival = await relay.request('PUT', url, { token: member.token, body: { ...event, createdAt: event.createdAt + 5 } });
    expect(rival.status).toBe(200);
    expect(rival.body.value).toEqual(event);
  });

  it("does not let another member pre-empt an owner's once-per-instance event (403), so the owner's real one is stored", async () => {
    const m2 = await relay.signup('m2@site.example', 'M2');
    const instance = instanceFor(member.user.id, { contentType: 'procedure' });
    expect((await relay.request('PUT', `/api/instances/${instance.id}`, { token: member.token, body: instance })).status).toBe(200);
    // M2 forges M1's completion under the deterministic id, as M2's own event.
    const forged = activityOf({ ...instance, userId: m2.user.id }, 'procedure_completed');
    expect(forged.id).toBe(activityIdFor('procedure_completed', instance.id as InstanceId));
    const refused = await relay.request('PUT', `/api/activity/${forged.id}`, { token: m2.token, body: forged });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');

    const real = activityOf(instance, 'procedure_completed');
    const stored = await relay.request('PUT', `/api/activity/${real.id}`, { token: member.token, body: real });
    expect(stored.status).toBe(200);
    expect(stored.body.value).toEqual(real);
  });

  it('answers 409 conflict for an event whose instance is not on the relay (yet)', async () => {
    const instance = instanceFor(member.user.id);
    const event = activityOf(instance);
    const res = await relay.request('PUT', `/api/activity/${event.id}`, { token: member.token, body: event });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.error.message).toContain('PUT the instance before its activity');
    // Once the instance is there, the same event is stored.
    await relay.request('PUT', `/api/instances/${instance.id}`, { token: member.token, body: instance });
    expect((await relay.request('PUT', `/api/activity/${event.id}`, { token: member.token, body: event })).status).toBe(200);
  });

  it('answers 422 at `id` for an id that is not activityIdFor(type, instanceId), and at documentId/type for an event that does not match its instance', async () => {
    const instance = instanceFor(member.user.id);
    await relay.request('PUT', `/api/instances/${instance.id}`, { token: member.token, body: instance });
    const randomId = activityOf(instance, 'checklist_started', { id: randomUUID() });
    const res = await relay.request('PUT', `/api/activity/${randomId.id}`, { token: member.token, body: randomId });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.issues?.map((i) => i.path)).toEqual(['id']);
    // The deterministic id of another type is that type's, not this one's.
    const wrongType = activityOf(instance, 'checklist_started', { id: activityIdFor('checklist_completed', instance.id as InstanceId) });
    expect((await relay.request('PUT', `/api/activity/${wrongType.id}`, { token: member.token, body: wrongType })).body.error.issues?.[0]?.path).toBe('id');

    const otherDoc = activityOf(instance, 'checklist_started', { documentId: randomUUID() });
    const docRes = await relay.request('PUT', `/api/activity/${otherDoc.id}`, { token: member.token, body: otherDoc });
    expect(docRes.status).toBe(422);
    expect(docRes.body.error.issues?.map((i) => i.path)).toEqual(['documentId']);
    const procedureEvent = activityOf(instance, 'procedure_started');
    const typeRes = await relay.request('PUT', `/api/activity/${procedureEvent.id}`, { token: member.token, body: procedureEvent });
    expect(typeRes.status).toBe(422);
    expect(typeRes.body.error.issues?.map((i) => i.path)).toEqual(['type']);
  });

  it('refuses an event recorded for someone else', async () => {
    const event = activityFor(admin.user.id);
    const res = await relay.request('PUT', `/api/activity/${event.id}`, { token: member.token, body: event });
    expect(res.status).toBe(403);
  });
});
