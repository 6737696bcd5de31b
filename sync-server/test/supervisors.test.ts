import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED_IDS } from '../src/seed/seed';
import { instanceFor } from './helpers/records';
import { createLink, FORM, recipientInstance, redeem } from './helpers/shares';
import { startTestServer } from './helpers/test-server';
import type { TestServer } from './helpers/test-server';

let relay: TestServer;
let admin: { token: string; user: { id: string; role: string } };
let ann: { token: string; user: { id: string; role: string } };
let bo: { token: string; user: { id: string; role: string } };

beforeEach(async () => {
  relay = await startTestServer();
  admin = await relay.signup('admin@site.example', 'Ada Admin');
  ann = await relay.signup('ann@site.example', 'Ann Crew');
  bo = await relay.signup('bo@site.example', 'Bo Crew');
});
afterEach(async () => {
  await relay.close();
});

const formRun = (userId: string, overrides: Record<string, unknown> = {}) =>
  instanceFor(userId, { sourceDocumentId: FORM.document, documentVersionId: FORM.version, contentType: 'form', title: 'Incident report', ...overrides });

describe('GET /api/instances/:id (a reviewer fetches a run)', () => {
  it('answers the owner and admins, refuses another member with 403 and an unknown run with 404', async () => {
    const run = formRun(ann.user.id);
    expect((await relay.request('PUT', `/api/instances/${run.id}`, { token: ann.token, body: run })).status).toBe(200);

    const byAdmin = await relay.request('GET', `/api/instances/${run.id}`, { token: admin.token });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.value).toMatchObject({ id: run.id, userId: ann.user.id });
    // The pinned version comes along, so a fresh device can show the run before its feed caught up.
    expect((byAdmin.body as unknown as { version: Record<string, unknown> }).version).toMatchObject({ id: FORM.version, documentId: FORM.document });
    expect((await relay.request('GET', `/api/instances/${run.id}`, { token: ann.token })).status).toBe(200);

    const byBo = await relay.request('GET', `/api/instances/${run.id}`, { token: bo.token });
    expect(byBo.status).toBe(403);
    expect(byBo.body.error.code).toBe('forbidden');
    const unknown = await relay.request('GET', `/api/instances/${formRun(ann.user.id).id}`, { token: admin.token });
    expect(unknown.status).toBe(404);
  });

  it("answers a link's creator for a recipient's run made through the link", async () => {
    const { link, token } = await createLink(relay, admin, { audience: 'external' });
    const { redeemed, sessionId } = await redeem(relay, token);
    const run = recipientInstance(sessionId, link.id);
    expect((await relay.request('PUT', `/api/instances/${run.id}`, { token: redeemed.grant, body: run })).status).toBe(200);
    expect((await relay.request('GET', `/api/instances/${run.id}`, { token: admin.token })).status).toBe(200);
    expect((await relay.request('GET', `/api/instances/${run.id}`, { token: bo.token })).status).toBe(403);
  });
});

describe('GET /api/members', () => {
  it('lists names and roles to admins, names only to members, never emails; a share grant is refused', async () => {
    const res = await relay.request('GET', '/api/members', { token: admin.token });
    expect(res.status).toBe(200);
    const { members } = res.body as unknown as { members: Record<string, unknown>[] };
    expect(members).toEqual([
      { id: admin.user.id, name: 'Ada Admin', role: 'admin' },
      { id: ann.user.id, name: 'Ann Crew', role: 'member' },
      { id: bo.user.id, name: 'Bo Crew', role: 'member' },
    ]);
    const byMember = await relay.request('GET', '/api/members', { token: ann.token });
    expect(byMember.status).toBe(200);
    expect((byMember.body as unknown as { members: unknown[] }).members).toEqual([
      { id: admin.user.id, name: 'Ada Admin' },
      { id: ann.user.id, name: 'Ann Crew' },
      { id: bo.user.id, name: 'Bo Crew' },
    ]);

    const { token } = await createLink(relay, admin, { audience: 'external' });
    const { redeemed } = await redeem(relay, token);
    expect((await relay.request('GET', '/api/members', { token: redeemed.grant })).status).toBe(403);
    expect((await relay.request('GET', '/api/members')).status).toBe(401);
  });
});

describe('archived documents', () => {
  async function archive(documentId: string): Promise<void> {
    const doc = (await relay.request('GET', '/api/changes?limit=1000', { token: admin.token })).body.changes.find((c) => c.kind === 'document' && c.id === documentId);
    if (!doc) throw new Error('seeded document missing');
    const value = doc.value as { updatedAt: number };
    const res = await relay.request('PUT', `/api/documents/${documentId}`, { token: admin.token, body: { ...value, archivedAt: value.updatedAt + 1, updatedAt: value.updatedAt + 1 } });
    expect(res.status).toBe(200);
  }

  it('refuses a new run of an archived document with 409 document_archived; a run already started may finish', async () => {
    const started = formRun(ann.user.id);
    expect((await relay.request('PUT', `/api/instances/${started.id}`, { token: ann.token, body: started })).status).toBe(200);
    await archive(FORM.document);

    const fresh = formRun(ann.user.id);
    const refused = await relay.request('PUT', `/api/instances/${fresh.id}`, { token: ann.token, body: fresh });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('document_archived');

    const finished = { ...started, status: 'submitted', submittedAt: 1_700_000_002_000, lastActivityAt: 1_700_000_002_000 };
    const ok = await relay.request('PUT', `/api/instances/${started.id}`, { token: ann.token, body: finished });
    expect(ok.status).toBe(200);
    expect(ok.body.value).toMatchObject({ status: 'submitted' });
  });

  it('refuses a new share link of an archived document with 409 document_archived', async () => {
    await archive(SEED_IDS.incidentReport.document);
    await expect(createLink(relay, admin)).rejects.toThrow(/409.*document_archived/);
  });
});
