import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { writeRecords } from '../db';
import { anEvent, anInstance, aDocument, closeTestDbs, freshDb, T0 } from '../db/test-support';
import type { UserId } from '../domain';
import { UNKNOWN_PENDING } from './docs/relay-marker';
import { writeRelayMarker } from './docs/relay-marker-store';
import { countChanges, createSyncStatus, describeSync, markerDocChanges, unsyncedChanges } from './sync-status';

afterEach(closeTestDbs);
import type { SyncStatusState } from './sync-status';

const base: Omit<SyncStatusState, 'summary'> = {
  online: true,
  relayReachable: true,
  outbox: { pending: 0, failed: 0 },
  docChanges: 0,
  instances: [],
  waiting: 0,
  notAccepted: 0,
  files: { pending: 0, bytes: 0, refused: 0 },
  syncing: false,
  sessionExpired: false,
  known: true,
};

describe('sync status sentence', () => {
  it('counts files the relay does not hold yet with their size, and never says saved while one waits or was refused', () => {
    const files = { pending: 3, bytes: Math.round(4.2 * 1024 * 1024), refused: 0 };
    expect(describeSync({ ...base, files })).toEqual({ tone: 'waiting', text: '3 files, 4.2 MB waiting to sync' });
    expect(describeSync({ ...base, waiting: 2, files: { ...files, pending: 1, bytes: 300 * 1024 } })).toEqual({ tone: 'waiting', text: '2 changes and 1 file, 300 KB waiting to sync' });
    expect(describeSync({ ...base, online: false, files })).toEqual({ tone: 'offline', text: 'Offline — 3 files, 4.2 MB kept on this device' });
    expect(describeSync({ ...base, files: { pending: 0, bytes: 0, refused: 1 } })).toEqual({ tone: 'failed', text: '1 file refused by the relay — review' });
    expect(unsyncedChanges({ ...base, files })).toBe(3);
  });

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
    expect(describeSync({ ...base, online: false, waiting: 2 }).text).toBe('Offline — 2 changes kept on this device');
    expect(describeSync({ ...base, online: false, waiting: 0 }).text).toBe('Offline — nothing waiting to sync');
    expect(describeSync({ ...base, relayReachable: false }).tone).toBe('offline');
    expect(describeSync({ ...base, online: false, outbox: { pending: 0, failed: 1 } }).text).toBe('1 change could not sync — review');
  });

  it('counts run changes the relay will never take as not synced, with refused writes', () => {
    expect(describeSync({ ...base, notAccepted: 3 })).toEqual({ tone: 'failed', text: '3 changes could not sync — review' });
  });
});

describe('unsynced changes (sign-out warning)', () => {
  it('counts outbox entries, refused writes and Yjs changes the relay has not stored', () => {
    expect(unsyncedChanges({ outbox: { pending: 1, failed: 2 }, waiting: 3, notAccepted: 0 })).toBe(5);
    expect(unsyncedChanges({ outbox: { pending: 0, failed: 0 }, waiting: 1, notAccepted: 2 })).toBe(3);
    expect(unsyncedChanges({ outbox: undefined, waiting: 0, notAccepted: 0 })).toBe(0);
  });

  it('counts a tap once: its doc change and its record write are one change', () => {
    const runs = new Map([['r1', 22]]);
    expect(countChanges({ runs, other: 0 }, new Map([['r1', 22]]))).toBe(22);
    // The doc reached the relay, the records not yet (or the other way round): still 22.
    expect(countChanges({ runs, other: 0 }, new Map([['r1', 0]]))).toBe(22);
    expect(countChanges({ runs: new Map(), other: 1 }, new Map([['r1', 22], ['r2', UNKNOWN_PENDING]]))).toBe(24);
    expect(countChanges(undefined, new Map())).toBe(0);
  });

  it('reads doc changes from the stored markers before the provider manager has loaded; unknown counts as one', () => {
    expect(markerDocChanges([2, UNKNOWN_PENDING, 0])).toBe(3);
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

  it('22 taps on a run, each writing its record, say "22 changes waiting", not 44', async () => {
    const db = freshDb();
    const userId = crypto.randomUUID() as UserId;
    const instance = anInstance({ userId, status: 'in_progress' });
    await writeRecords(db, [{ kind: 'instance', value: instance }, { kind: 'activity', value: anEvent({ instanceId: instance.id, userId }) }], T0);
    for (let tap = 1; tap <= 22; tap++) await writeRecords(db, [{ kind: 'instance', value: { ...instance, lastActivityAt: T0 + tap } }], T0 + tap);
    await writeRecords(db, [{ kind: 'document', value: aDocument() }], T0 + 100);
    // The run's doc has the 22 taps the relay has not stored.
    await writeRelayMarker(db, instance.id, { stateVector: '', pending: 22, at: 0 });
    const idle = { getStatus: () => ({ state: 'idle' as const }), subscribe: () => () => undefined };
    const store = createSyncStatus({ db, puller: idle, flusher: idle });
    // 23 run writes (the start, 22 taps) against 22 doc changes, plus one document: 24.
    await expect.poll(() => store.getState().waiting).toBe(24);
    expect(store.getState().outbox?.pending).toBe(25);
    store.stop();
  });

  it('stored markers of changes the relay refused count as not accepted until resolved', async () => {
    const db = freshDb();
    await writeRelayMarker(db, 'i1', { stateVector: 'AA==', pending: 4, at: 0, notAccepted: { at: 1 } });
    await writeRelayMarker(db, 'i2', { stateVector: 'AA==', pending: 2, at: 0, notAccepted: { at: 1, resolved: { how: 'discarded', at: 2 } } });
    const idle = { getStatus: () => ({ state: 'idle' as const }), subscribe: () => () => undefined };
    const store = createSyncStatus({ db, puller: idle, flusher: idle });
    await expect.poll(() => store.getState().notAccepted).toBe(4);
    expect(store.getState().waiting).toBe(0);
    expect(unsyncedChanges(store.getState())).toBe(4);
    store.stop();
  });
});
