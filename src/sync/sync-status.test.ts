import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { closeTestDbs, freshDb } from '../db/test-support';
import { UNKNOWN_PENDING, writeRelayMarker } from './relay-state';
import { createSyncStatus, describeSync, markerDocChanges, unsyncedChanges } from './sync-status';

afterEach(closeTestDbs);
import type { SyncStatusState } from './sync-status';

const base: Omit<SyncStatusState, 'summary'> = {
  online: true,
  relayReachable: true,
  outbox: { pending: 0, failed: 0 },
  docChanges: 0,
  instances: [],
  waiting: 0,
  syncing: false,
  sessionExpired: false,
  known: true,
};

describe('sync status sentence', () => {
  it('says everything is saved only when nothing waits and the relay confirmed it', () => {
    expect(describeSync(base)).toEqual({ tone: 'saved', text: 'All changes saved on the relay' });
    expect(describeSync({ ...base, relayReachable: null }).tone).toBe('checking');
    expect(describeSync({ ...base, known: false }).tone).toBe('checking');
  });

  it('counts record writes and run changes together while they wait', () => {
    expect(describeSync({ ...base, outbox: { pending: 2, failed: 0 }, docChanges: 1, waiting: 3 }).text).toBe('3 changes waiting to sync');
    expect(describeSync({ ...base, docChanges: 1, waiting: 1 }).text).toBe('1 change waiting to sync');
  });

  it('says offline when the browser or the relay is unreachable, and puts refused changes first', () => {
    expect(describeSync({ ...base, online: false, waiting: 2 }).text).toBe('Offline — changes are kept on this device');
    expect(describeSync({ ...base, relayReachable: false }).tone).toBe('offline');
    expect(describeSync({ ...base, online: false, outbox: { pending: 0, failed: 1 } }).text).toBe('1 change could not sync — review');
  });
});

describe('unsynced changes (sign-out warning)', () => {
  it('counts outbox entries, refused writes and Yjs changes the relay has not stored', () => {
    expect(unsyncedChanges({ outbox: { pending: 1, failed: 2 }, docChanges: 3 })).toBe(6);
    expect(unsyncedChanges({ outbox: { pending: 0, failed: 0 }, docChanges: 1 })).toBe(1);
    expect(unsyncedChanges({ outbox: undefined, docChanges: 0 })).toBe(0);
  });

  it('reads doc changes from the stored markers before the provider manager has loaded; unknown counts as one', () => {
    const marker = (pending: number) => ({ stateVector: '', pending, at: 0 });
    expect(markerDocChanges([marker(2), marker(UNKNOWN_PENDING), marker(0)])).toBe(3);
  });

  it('the store counts stored markers while the provider manager has not loaded', async () => {
    const db = freshDb();
    await writeRelayMarker(db, 'i1', { stateVector: '', pending: 2, at: 0 });
    await writeRelayMarker(db, 'i2', { stateVector: '', pending: UNKNOWN_PENDING, at: 0 });
    const idle = { getStatus: () => ({ state: 'idle' as const }), subscribe: () => () => undefined };
    const store = createSyncStatus({ db, puller: idle, flusher: idle });
    await expect.poll(() => store.getState().docChanges).toBe(3);
    expect(unsyncedChanges(store.getState())).toBe(3);
    store.stop();
  });
});
