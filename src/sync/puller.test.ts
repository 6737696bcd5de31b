import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANGES_CURSOR_KEY, getChangesCursor, kvSet, listLibrary } from '../db';
import { aDocument, closeTestDbs, freshDb } from '../db/test-support';
import type { ChangesResponse } from '../protocol';
import { ApiRequestError, OfflineError } from './api-client';
import { createPuller } from './puller';
import type { PullStatus } from './puller';

afterEach(closeTestDbs);

/** A change feed of `pages`, answered in order; records the `since` of each call. */
function feed(pages: ChangesResponse[]) {
  const sinces: (string | undefined)[] = [];
  let release: (() => void) | null = null;
  let gate: Promise<void> | null = null;
  let markCalled: () => void = () => undefined;
  const called = new Promise<void>((resolve) => (markCalled = resolve));
  return {
    sinces,
    /** Resolves once the first request has reached the relay. */
    called,
    hold() {
      gate = new Promise((resolve) => (release = resolve));
    },
    release: () => release?.(),
    api: {
      async changes(query: { since?: string }) {
        sinces.push(query.since);
        markCalled();
        if (gate) await gate;
        const page = pages[sinces.length - 1];
        if (!page) return { changes: [], cursor: query.since ?? '', hasMore: false };
        return page;
      },
    },
  };
}

const docChange = (seq: number) => {
  const doc = aDocument({ title: `Doc ${seq}` });
  return { seq, kind: 'document' as const, id: doc.id, value: doc };
};

describe('puller', () => {
  it('pulls pages from the stored cursor until hasMore is false', async () => {
    const db = freshDb();
    const f = feed([
      { changes: [docChange(1)], cursor: 'c1', hasMore: true },
      { changes: [docChange(2)], cursor: 'c2', hasMore: false },
    ]);
    const results: number[] = [];
    const puller = createPuller({ db, api: f.api, onChange: (r) => results.push(r.applied) });
    await puller.pull();
    expect(f.sinces).toEqual([undefined, 'c1']);
    expect(await getChangesCursor(db)).toBe('c2');
    expect((await listLibrary(db)).map((d) => d.title)).toEqual(['Doc 1', 'Doc 2']);
    expect(results).toEqual([2]);
    expect(puller.getStatus()).toMatchObject({ state: 'idle', lastPulledAt: expect.any(Number) as number });
  });

  it('never runs two pulls at once; a trigger during a pull runs one more afterwards', async () => {
    const db = freshDb();
    const f = feed([{ changes: [docChange(1)], cursor: 'c1', hasMore: false }]);
    const puller = createPuller({ db, api: f.api });
    f.hold();
    const first = puller.pull();
    const second = puller.pull();
    await f.called;
    expect(f.sinces).toHaveLength(1);
    f.release();
    await Promise.all([first, second]);
    expect(f.sinces).toEqual([undefined, 'c1']);
  });

  it('reports offline when the relay cannot be reached, and recovers on the next pull', async () => {
    const db = freshDb();
    let down = true;
    const statuses: PullStatus['state'][] = [];
    const puller = createPuller({
      db,
      api: {
        changes: () => (down ? Promise.reject(new OfflineError()) : Promise.resolve({ changes: [], cursor: 'c0', hasMore: false })),
      },
    });
    puller.subscribe((s) => statuses.push(s.state));
    await puller.pull();
    expect(puller.getStatus().state).toBe('offline');
    down = false;
    await puller.pull();
    expect(puller.getStatus().state).toBe('idle');
    expect(statuses).toEqual(['pulling', 'offline', 'pulling', 'idle']);
  });

  it('on 400 bad_cursor forgets the stored cursor and pulls again from the start, once per pull', async () => {
    const db = freshDb();
    await kvSet(db, CHANGES_CURSOR_KEY, 'stale');
    const sinces: (string | undefined)[] = [];
    const badCursor = () => new ApiRequestError(400, 'bad_cursor', 'Unknown cursor');
    const puller = createPuller({
      db,
      api: {
        changes: (query: { since?: string }) => {
          sinces.push(query.since);
          if (query.since === 'stale') return Promise.reject(badCursor());
          return Promise.resolve({ changes: [docChange(1)], cursor: 'c1', hasMore: false });
        },
      },
    });
    await puller.pull();
    expect(sinces).toEqual(['stale', undefined]);
    expect(await getChangesCursor(db)).toBe('c1');
    expect((await listLibrary(db)).map((d) => d.title)).toEqual(['Doc 1']);
    expect(puller.getStatus().state).toBe('idle');
  });

  it('does not loop when the relay refuses the fresh start too', async () => {
    const db = freshDb();
    await kvSet(db, CHANGES_CURSOR_KEY, 'stale');
    let calls = 0;
    const puller = createPuller({
      db,
      api: {
        changes: () => {
          calls++;
          // The first page from the start is accepted, the next cursor is refused again.
          if (calls === 2) return Promise.resolve({ changes: [docChange(1)], cursor: 'c1', hasMore: true });
          return Promise.reject(new ApiRequestError(400, 'bad_cursor', 'Unknown cursor'));
        },
      },
    });
    await puller.pull();
    expect(calls).toBe(3);
    expect(puller.getStatus()).toMatchObject({ state: 'error', error: { code: 'bad_cursor' } });
  });
});

describe('last received from the relay', () => {
  it('survives a reload: a new puller on the same database reports the last complete pull before it pulls again', async () => {
    const db = freshDb();
    const first = createPuller({ db, api: feed([{ changes: [docChange(1)], cursor: 'c1', hasMore: false }]).api });
    await first.pull();
    const at = first.getStatus().lastPulledAt;
    expect(at).toBeTypeOf('number');
    await expect.poll(async () => (await db.kv.get('sync.lastPulledAt'))?.value).toBe(at);

    // The next page load, offline: no pull succeeds, the time of the last one is still known.
    const again = createPuller({ db, api: feed([]).api });
    await expect.poll(() => again.getStatus().lastPulledAt).toBe(at);
  });
});
