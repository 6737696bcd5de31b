/**
 * The puller against the real relay's change feed (HTTP on port 0, real SQLite, the PWA's own
 * API client and the real fetch); fake-indexeddb for the device's database. A relay that cannot
 * be reached, an answer held back and a refusal of the relay's own cursor come from the fetch
 * wrapper in test-relay.ts.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { getChangesCursor, kvSet, listLibrary } from '../db';
import { closeTestDbs, freshDb } from '../db/test-support';
import { procedureDocument } from '../../sync-server/test/helpers/records';
import { closeRelays, faultyFetch, startWorkspace } from './test-relay';
import type { Workspace } from './test-relay';
import { manualPlatform } from './test-platform';
import { createPuller } from './puller';
import type { PullStatus } from './puller';
import { CHANGES_CURSOR_KEY } from '../protocol';

afterEach(async () => {
  await closeRelays();
  await closeTestDbs();
});

/** Publish documents titled `Doc 1`, `Doc 2`, ... on the relay, in that order. */
async function publish(ws: Workspace, count: number): Promise<void> {
  for (let n = 1; n <= count; n++) {
    const doc = procedureDocument({ title: `Doc ${n}`, createdBy: ws.admin.user.id });
    expect((await ws.server.request('PUT', `/api/documents/${doc.id}`, { token: ws.admin.token, body: doc })).status).toBe(200);
  }
}

/** The `since` of each change-feed request (undefined: from the start). */
/** Our documents in the library (the relay also holds its sample content). */
const titles = (docs: { title: string }[]): string[] => docs.map((d) => d.title).filter((t) => t.startsWith('Doc ')).sort();

const sinces = (net: ReturnType<typeof faultyFetch>): (string | undefined)[] =>
  net.requests.filter((r) => r.path.startsWith('/api/changes')).map((r) => new URL(r.path, 'http://relay').searchParams.get('since') ?? undefined);

describe('puller', () => {
  it('pulls pages from the stored cursor until hasMore is false', async () => {
    const ws = await startWorkspace();
    const db = freshDb();
    // Catch up with the relay's sample content first, so the pages below hold just our two.
    await createPuller({ db, api: ws.client() }).pull();
    const c0 = await getChangesCursor(db);
    await publish(ws, 2);
    const net = faultyFetch();
    const results: number[] = [];
    const puller = createPuller({ db, api: ws.client({ through: net }), pageSize: 1, onChange: (r) => results.push(r.applied) });
    await puller.pull();
    const asked = sinces(net);
    // Page one from the stored cursor, page two from the cursor page one answered, then done.
    expect(asked).toEqual([c0, expect.any(String)]);
    expect(asked[1]).not.toBe(c0);
    expect(await getChangesCursor(db)).not.toBe(asked[1]);
    expect(titles(await listLibrary(db))).toEqual(['Doc 1', 'Doc 2']);
    expect(results).toEqual([2]);
    expect(puller.getStatus()).toMatchObject({ state: 'idle', lastPulledAt: expect.any(Number) as number });
  });

  it('never runs two pulls at once; a trigger during a pull runs one more afterwards', async () => {
    const ws = await startWorkspace();
    await publish(ws, 1);
    const db = freshDb();
    const net = faultyFetch();
    const puller = createPuller({ db, api: ws.client({ through: net }) });
    net.hold();
    const first = puller.pull();
    const second = puller.pull();
    await expect.poll(() => net.requests.length).toBe(1);
    net.release();
    await Promise.all([first, second]);
    const asked = sinces(net);
    expect(asked).toHaveLength(2);
    expect(asked[0]).toBeUndefined();
    expect(asked[1]).toBe(await getChangesCursor(db));
    expect(net.maxConcurrent).toBe(1);
  });

  it('reports offline when the relay cannot be reached, and recovers on the next pull', async () => {
    const ws = await startWorkspace();
    const db = freshDb();
    const net = faultyFetch();
    const statuses: PullStatus['state'][] = [];
    const puller = createPuller({ db, api: ws.client({ through: net }) });
    puller.subscribe((s) => statuses.push(s.state));
    net.fail({ kind: 'network' });
    await puller.pull();
    expect(puller.getStatus().state).toBe('offline');
    net.fail(null);
    await puller.pull();
    expect(puller.getStatus().state).toBe('idle');
    expect(statuses).toEqual(['pulling', 'offline', 'pulling', 'idle']);
  });

  it('on 400 bad_cursor forgets the stored cursor and pulls again from the start, once per pull', async () => {
    const ws = await startWorkspace();
    await publish(ws, 1);
    const db = freshDb();
    const net = faultyFetch();
    // A cursor this relay never issued (a relay restored from backup, a data dir reset).
    await kvSet(db, CHANGES_CURSOR_KEY, 'stale');
    const puller = createPuller({ db, api: ws.client({ through: net }) });
    await puller.pull();
    expect(sinces(net)).toEqual(['stale', undefined]);
    expect(await getChangesCursor(db)).toBeTypeOf('string');
    expect(await getChangesCursor(db)).not.toBe('stale');
    expect(titles(await listLibrary(db))).toEqual(['Doc 1']);
    expect(puller.getStatus().state).toBe('idle');
  });

  it('does not loop when the relay refuses the fresh start too', async () => {
    const ws = await startWorkspace();
    await publish(ws, 2);
    const db = freshDb();
    const net = faultyFetch();
    await kvSet(db, CHANGES_CURSOR_KEY, 'stale');
    // The first page from the start is accepted; the relay then refuses its next cursor too
    // (the one refusal the real relay will not make on demand: injected).
    net.fail({ kind: 'status', status: 400, code: 'bad_cursor' }, (path) => path.startsWith('/api/changes') && !path.includes('since=stale') && path.includes('since='));
    const puller = createPuller({ db, api: ws.client({ through: net }), pageSize: 1 });
    await puller.pull();
    expect(sinces(net)).toHaveLength(3);
    expect(puller.getStatus()).toMatchObject({ state: 'error', error: { code: 'bad_cursor' } });
  });
});

describe('puller triggers', () => {
  it('L4: pulls on start, every interval and when the platform comes back online, with no timers or events of its own', async () => {
    const ws = await startWorkspace();
    const db = freshDb();
    const net = faultyFetch();
    const platform = manualPlatform();
    const puller = createPuller({ db, api: ws.client({ through: net }), platform, intervalMs: 30_000 });
    const pulls = (): number => sinces(net).length;
    puller.start();
    await expect.poll(() => puller.getStatus().state).toBe('idle');
    await expect.poll(pulls).toBe(1);
    platform.fire(30_000);
    await expect.poll(pulls).toBe(2);
    await expect.poll(() => puller.getStatus().lastPulledAt).toBe(platform.now());

    platform.setOnline(false);
    expect(puller.getStatus().state).toBe('offline');
    platform.fire(30_000); // nothing to pull from while offline
    expect(pulls()).toBe(2);
    platform.setOnline(true);
    await expect.poll(pulls).toBe(3);
    await expect.poll(() => puller.getStatus().state).toBe('idle');

    puller.stop();
    expect(platform.delays()).toEqual([]);
  });
});

describe('last received from the relay', () => {
  it('survives a reload: a new puller on the same database reports the last complete pull before it pulls again', async () => {
    const ws = await startWorkspace();
    await publish(ws, 1);
    const db = freshDb();
    const first = createPuller({ db, api: ws.client() });
    await first.pull();
    const at = first.getStatus().lastPulledAt;
    expect(at).toBeTypeOf('number');
    await expect.poll(async () => (await db.kv.get('sync.lastPulledAt'))?.value).toBe(at);

    // The next page load, offline: no pull succeeds, the time of the last one is still known.
    const net = faultyFetch();
    net.fail({ kind: 'network' });
    const again = createPuller({ db, api: ws.client({ through: net }) });
    await expect.poll(() => again.getStatus().lastPulledAt).toBe(at);
  });
});
