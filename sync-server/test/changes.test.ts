import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changesResponseSchema } from '../../src/protocol';
import type { Change } from '../../src/domain';
import { SEED_FEED } from '../src/seed/seed';
import { activityOf, instanceFor, procedureDocument } from './helpers/records';
import { makeTempDir } from './helpers/temp-dir';
import { startTestServer } from './helpers/test-server';
import type { TestServer } from './helpers/test-server';

const SEEDED = SEED_FEED.documents.length + SEED_FEED.versions.length;

let relay: TestServer;
let admin: { token: string; user: { id: string } };
let ann: { token: string; user: { id: string } };
let bo: { token: string; user: { id: string } };

beforeEach(async () => {
  relay = await startTestServer();
  admin = await relay.signup('admin@site.example', 'Admin');
  ann = await relay.signup('ann@site.example', 'Ann');
  bo = await relay.signup('bo@site.example', 'Bo');
});
afterEach(async () => {
  await relay.close();
});

async function pullAll(token: string, limit: number): Promise<{ changes: Change[]; pages: number }> {
  const changes: Change[] = [];
  let since = '';
  for (let pages = 1; ; pages++) {
    const res = await relay.request('GET', `/api/changes?since=${encodeURIComponent(since)}&limit=${limit}`, { token });
    expect(res.status).toBe(200);
    const page = changesResponseSchema.parse(res.body);
    expect(page.changes.length).toBeLessThanOrEqual(limit);
    changes.push(...page.changes);
    since = page.cursor;
    if (!page.hasMore) return { changes, pages };
  }
}

describe('GET /api/changes paging', () => {
  it('never exceeds the limit, resumes from the cursor and reports hasMore', async () => {
    const { changes, pages } = await pullAll(ann.token, 5);
    expect(changes).toHaveLength(SEEDED);
    // The relay reads one row past the limit, so a last full page already says hasMore: false.
    expect(pages).toBe(Math.ceil(SEEDED / 5));
    const seqs = changes.map((c) => c.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('returns an empty page with the same cursor once caught up, then only new changes', async () => {
    const first = await relay.request('GET', '/api/changes?limit=1000', { token: ann.token });
    expect(first.body.hasMore).toBe(false);
    const idle = await relay.request('GET', `/api/changes?since=${first.body.cursor}`, { token: ann.token });
    expect(idle.body).toEqual({ changes: [], cursor: first.body.cursor, hasMore: false });

    const doc = procedureDocument();
    await relay.request('PUT', `/api/documents/${doc.id}`, { token: admin.token, body: doc });
    const next = await relay.request('GET', `/api/changes?since=${first.body.cursor}`, { token: ann.token });
    expect(next.body.changes).toEqual([expect.objectContaining({ kind: 'document', id: doc.id, value: doc }) as unknown]);
  });

  it('carries a rewritten record once, at its latest value', async () => {
    const instance = instanceFor(ann.user.id);
    await relay.request('PUT', `/api/instances/${instance.id}`, { token: ann.token, body: instance });
    await relay.request('PUT', `/api/instances/${instance.id}`, { token: ann.token, body: { ...instance, status: 'completed', completedAt: 1_700_000_005_000 } });
    const { changes } = await pullAll(ann.token, 1000);
    const mine = changes.filter((c) => c.id === instance.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.value).toMatchObject({ status: 'completed' });
  });

  it('refuses a cursor it did not issue with 400 bad_cursor, and a bad limit with 422', async () => {
    for (const since of ['garbage!', 'LTE', Buffer.from('12abc').toString('base64url')]) {
      const res = await relay.request('GET', `/api/changes?since=${since}`, { token: ann.token });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('bad_cursor');
    }
    for (const limit of ['0', '1001', 'ten']) {
      expect((await relay.request('GET', `/api/changes?limit=${limit}`, { token: ann.token })).status).toBe(422);
    }
    expect((await relay.request('GET', '/api/changes')).status).toBe(401);
  });
});

describe('GET /api/changes cursor from a relay that was restored or reset', () => {
  const cursorOf = (seq: number): string => Buffer.from(String(seq), 'utf8').toString('base64url');

  it('answers 400 bad_cursor for a cursor beyond the highest seq this relay issued; the last one itself is an empty page', async () => {
    const { changes } = await pullAll(ann.token, 1000);
    const last = Math.max(...changes.map((c) => c.seq));
    const atEnd = await relay.request('GET', `/api/changes?since=${cursorOf(last)}`, { token: ann.token });
    expect(atEnd.status).toBe(200);
    expect(atEnd.body.changes).toEqual([]);
    const ahead = await relay.request('GET', `/api/changes?since=${cursorOf(last + 1)}`, { token: ann.token });
    expect(ahead.status).toBe(400);
    expect(ahead.body.error.code).toBe('bad_cursor');
  });

  it('also when a record moved on: the highest issued seq counts, not the highest row left', async () => {
    const doc = procedureDocument();
    await relay.request('PUT', `/api/documents/${doc.id}`, { token: admin.token, body: doc });
    const first = await relay.request('GET', '/api/changes?limit=1000', { token: admin.token });
    await relay.request('PUT', `/api/documents/${doc.id}`, { token: admin.token, body: { ...doc, title: 'Renamed', updatedAt: doc.updatedAt + 1 } });
    // The first cursor pointed at the document's old seq, which no row has any more.
    const next = await relay.request('GET', `/api/changes?since=${first.body.cursor}`, { token: admin.token });
    expect(next.status).toBe(200);
    expect(next.body.changes.map((c) => c.id)).toEqual([doc.id]);
  });

  it('answers 400 bad_cursor to a client whose cursor came from this relay before its DATA_DIR was wiped', async () => {
    for (let i = 0; i < 3; i++) {
      const instance = instanceFor(ann.user.id);
      await relay.request('PUT', `/api/instances/${instance.id}`, { token: ann.token, body: instance });
    }
    const before = await relay.request('GET', '/api/changes?limit=1000', { token: ann.token });
    expect(before.body.changes.length).toBe(SEEDED + 3);

    const fresh = await startTestServer({ dataDir: makeTempDir() });
    try {
      const user = await fresh.signup('ann@site.example', 'Ann');
      const res = await fresh.request('GET', `/api/changes?since=${before.body.cursor}`, { token: user.token });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('bad_cursor');
      // The client starts again from the beginning and gets the fresh relay's feed.
      const restart = await fresh.request('GET', '/api/changes?limit=1000', { token: user.token });
      expect(restart.status).toBe(200);
      expect(restart.body.changes).toHaveLength(SEEDED);
    } finally {
      await fresh.close();
    }
  });
});

describe('GET /api/changes scoping (DESIGN §4)', () => {
  it("never shows member B member A's instances or activity; admins see all instances and activity", async () => {
    const annInstance = instanceFor(ann.user.id);
    const annEvent = activityOf(annInstance);
    const boInstance = instanceFor(bo.user.id);
    const boEvent = activityOf(boInstance);
    await relay.request('PUT', `/api/instances/${annInstance.id}`, { token: ann.token, body: annInstance });
    await relay.request('PUT', `/api/instances/${boInstance.id}`, { token: bo.token, body: boInstance });
    await relay.request('PUT', `/api/activity/${annEvent.id}`, { token: ann.token, body: annEvent });
    await relay.request('PUT', `/api/activity/${boEvent.id}`, { token: bo.token, body: boEvent });

    const idsFor = async (token: string) => (await pullAll(token, 7)).changes.filter((c) => c.kind === 'instance' || c.kind === 'activity').map((c) => c.id).sort();
    expect(await idsFor(ann.token)).toEqual([annInstance.id, annEvent.id].sort());
    expect(await idsFor(bo.token)).toEqual([boInstance.id, boEvent.id].sort());
    expect(await idsFor(admin.token)).toEqual([annInstance.id, annEvent.id, boInstance.id, boEvent.id].sort());
  });

  it('sends documents and versions to every member', async () => {
    const kinds = (await pullAll(bo.token, 1000)).changes.map((c) => c.kind);
    expect(kinds.filter((k) => k === 'document')).toHaveLength(SEED_FEED.documents.length);
    expect(kinds.filter((k) => k === 'version')).toHaveLength(SEED_FEED.versions.length);
  });
});
