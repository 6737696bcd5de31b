import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activityIdForPart } from '../../src/domain';
import type { InstanceId } from '../../src/domain';
import { activityFor, instanceFor } from './helpers/records';
import { startTestServer } from './helpers/test-server';
import type { TestServer } from './helpers/test-server';

let relay: TestServer;
let member: { token: string; user: { id: string } };

beforeEach(async () => {
  relay = await startTestServer();
  member = await relay.signup('member@site.example', 'Member');
});
afterEach(async () => {
  await relay.close();
});

describe('instance records with responses (name, flagged, score)', () => {
  it('stores the run name, flag count and score, and serves them in the change feed', async () => {
    const instance = instanceFor(member.user.id, { name: 'Ute 14 — Depot', flagged: 2, score: { got: 7, max: 9 } });
    const res = await relay.request('PUT', `/api/instances/${instance.id}`, { token: member.token, body: instance });
    expect(res.status).toBe(200);
    expect(res.body.value).toMatchObject({ name: 'Ute 14 — Depot', flagged: 2, score: { got: 7, max: 9 } });
    const feed = await relay.request('GET', '/api/changes?limit=1000', { token: member.token });
    const change = (feed.body.changes as { id: string; value: unknown }[]).find((c) => c.id === instance.id);
    expect(change?.value).toMatchObject({ name: 'Ute 14 — Depot', flagged: 2, score: { got: 7, max: 9 } });
  });

  it('merges them from the replica that acted last, whichever arrives first', async () => {
    const url = (id: string) => `/api/instances/${id}`;
    const later = instanceFor(member.user.id, { lastActivityAt: 1_700_000_009_000, name: 'Truck 3', flagged: 0, score: { got: 1, max: 9 } });
    const earlier = { ...later, lastActivityAt: 1_700_000_005_000, name: 'Ute 14', flagged: 3, score: { got: 8, max: 9 } };
    await relay.request('PUT', url(later.id), { token: member.token, body: later });
    const late = await relay.request('PUT', url(later.id), { token: member.token, body: earlier });
    expect(late.body.value).toMatchObject({ name: 'Truck 3', flagged: 0, score: { got: 1, max: 9 }, lastActivityAt: 1_700_000_009_000 });
  });

  it('refuses a malformed score or count with 422', async () => {
    const bad = instanceFor(member.user.id, { score: { got: -1, max: 9 } });
    expect((await relay.request('PUT', `/api/instances/${bad.id}`, { token: member.token, body: bad })).status).toBe(422);
    const fraction = instanceFor(member.user.id, { flagged: 1.5 });
    expect((await relay.request('PUT', `/api/instances/${fraction.id}`, { token: member.token, body: fraction })).status).toBe(422);
  });
});

describe('answer_flagged events', () => {
  it('accepts the event and keeps one per (instance, part): a second device writing it stores nothing new', async () => {
    const instance = instanceFor(member.user.id);
    expect((await relay.request('PUT', `/api/instances/${instance.id}`, { token: member.token, body: instance })).status).toBe(200);
    const id = activityIdForPart('answer_flagged', instance.id as InstanceId, 'tyres');
    const event = activityFor(member.user.id, {
      id,
      type: 'answer_flagged',
      instanceId: instance.id,
      documentId: instance.sourceDocumentId,
      metadata: { partKey: 'tyres', part: 'Tyres', response: 'Fail', within: 'Outside' },
    });
    const first = await relay.request('PUT', `/api/activity/${id}`, { token: member.token, body: event });
    expect(first.status).toBe(200);
    const second = await relay.request('PUT', `/api/activity/${id}`, { token: member.token, body: { ...event, createdAt: event.createdAt + 60_000 } });
    expect(second.status).toBe(200);
    expect(second.body.value).toEqual(event);
  });

  it('refuses an answer_flagged event whose id is not derived from its part, or that names no part', async () => {
    const instance = instanceFor(member.user.id);
    await relay.request('PUT', `/api/instances/${instance.id}`, { token: member.token, body: instance });
    const base = { type: 'answer_flagged', instanceId: instance.id, documentId: instance.sourceDocumentId };
    const wrong = activityFor(member.user.id, { ...base, id: activityIdForPart('answer_flagged', instance.id as InstanceId, 'lights'), metadata: { partKey: 'tyres' } });
    const res = await relay.request('PUT', `/api/activity/${wrong.id}`, { token: member.token, body: wrong });
    expect(res.status).toBe(422);
    expect(res.body.error.issues).toEqual([expect.objectContaining({ path: 'id' }) as unknown]);
    const unnamed = activityFor(member.user.id, { ...base, id: activityIdForPart('answer_flagged', instance.id as InstanceId, 'tyres') });
    expect((await relay.request('PUT', `/api/activity/${unnamed.id}`, { token: member.token, body: unnamed })).status).toBe(422);
  });
});
