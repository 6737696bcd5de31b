/** The background scan (SPEC D13–D15): the real client, the relay core in process. */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDb, uuid } from '../../db/test-support';
import { UNKNOWN_PENDING } from './relay-marker';
import { writeRelayMarker } from './relay-marker-store';
import { PROVIDER_DEFAULTS } from './provider-options';
import { cleanup, copiesOf, docWith, instanceIn, instanceWhere, manager, manualPlatform, stateWhere, testRelay } from './test-manager';

afterEach(cleanup);

const unknownMarker = { stateVector: '', pending: UNKNOWN_PENDING, at: 1 };

describe('background scan', () => {
  it('D13: opens at most maxConcurrent background docs at a time and closes each once stored', async () => {
    const db = freshDb();
    const relay = testRelay();
    const ids = [uuid(), uuid(), uuid()];
    for (const id of ids) await writeRelayMarker(db, id, unknownMarker);
    const copies = copiesOf(docWith(2));
    const m = manager(db, relay, { loadDoc: copies.loadDoc, maxConcurrent: 1 });
    let most = 0;
    m.subscribe((s) => (most = Math.max(most, s.instances.filter((i) => i.mode === 'background').length)));

    await stateWhere(m, (s) => s.ready && s.instances.length === 0 && copies.closed() === 3);
    expect(most).toBe(1);
    expect(relay.urls).toHaveLength(3);
    for (const id of ids) expect(relay.roomDoc(id)?.getArray('writes').length).toBe(2);
  });

  it('D14: a background doc the relay has not stored in time is closed and left alone until the retry wait passes', async () => {
    const db = freshDb();
    const relay = testRelay();
    const clock = manualPlatform();
    const id = uuid();
    await writeRelayMarker(db, id, unknownMarker);
    const copies = copiesOf(docWith(1));
    relay.holdStores();
    const m = manager(db, relay, { loadDoc: copies.loadDoc, platform: clock.platform });
    await instanceWhere(m, id, (i) => i.mode === 'background' && i.connection === 'connected' && i.pending === 1);

    clock.advance(PROVIDER_DEFAULTS.backgroundTimeoutMs);
    await stateWhere(m, (s) => instanceIn(s, id)?.mode === 'idle' && copies.closed() === 1);
    expect(instanceIn(m.getState(), id)?.pending).toBe(1);
    clock.advance(PROVIDER_DEFAULTS.scanIntervalMs); // a scan runs, the doc is stalled
    await stateWhere(m, () => copies.loads() === 1);
    expect(relay.urls).toHaveLength(1);

    relay.releaseStores();
    clock.advance(PROVIDER_DEFAULTS.stalledRetryMs);
    await stateWhere(m, (s) => copies.loads() === 2 && copies.closed() === 2 && instanceIn(s, id) === undefined);
  });

  it('D14: a doc that fails to load is tried again after the retry wait, or at once on syncNow()', async () => {
    const db = freshDb();
    const relay = testRelay();
    const clock = manualPlatform();
    const id = uuid();
    await writeRelayMarker(db, id, unknownMarker);
    let loads = 0;
    let waiting: (() => void)[] = [];
    const nextLoad = (): Promise<void> => new Promise((resolve) => waiting.push(resolve));
    const loadDoc = (): Promise<never> => {
      loads += 1;
      const ready = waiting;
      waiting = [];
      const failure = Promise.reject(new Error('IndexedDB unavailable'));
      // Reactions run in order: the scan has handled the failure (and stalled the doc) before the test goes on.
      void failure.catch(() => undefined).then(() => ready.forEach((resolve) => resolve()));
      return failure;
    };
    const first = nextLoad();
    const m = manager(db, relay, { platform: clock.platform, loadDoc });
    await first;

    clock.advance(PROVIDER_DEFAULTS.scanIntervalMs); // a scan runs, the doc is stalled
    expect(loads).toBe(1);
    const second = nextLoad();
    clock.advance(PROVIDER_DEFAULTS.stalledRetryMs);
    await second;
    expect(loads).toBe(2);
    const third = nextLoad();
    m.syncNow();
    await third;
    expect(loads).toBe(3);
    expect(instanceIn(m.getState(), id)?.pending).toBe(UNKNOWN_PENDING);
  });

  it('D15: the doc on screen replaces its background copies (none is left open); detached with changes pending, a background copy takes over', async () => {
    const db = freshDb();
    const relay = testRelay();
    const id = uuid();
    await writeRelayMarker(db, id, unknownMarker);
    const stored = docWith(1);
    const copies = copiesOf(stored);
    relay.holdStores();
    const m = manager(db, relay, { loadDoc: copies.loadDoc });
    await instanceWhere(m, id, (i) => i.mode === 'background' && i.connection === 'connected');

    m.attach(id, docWith(0));
    await instanceWhere(m, id, (i) => i.mode === 'attached' && i.connection === 'connected');
    expect(copies.closed()).toBeGreaterThanOrEqual(1);

    m.detach(id);
    await instanceWhere(m, id, (i) => i.mode === 'background' && i.connection === 'connected');
    relay.releaseStores();
    // Every copy loaded is closed again (one loaded while the attach was settling is closed unused).
    await stateWhere(m, (s) => s.instances.length === 0 && copies.closed() === copies.loads());
    expect(relay.roomDoc(id)?.getArray('writes').length).toBe(1);
  });
});
