import { describe, expect, it } from 'vitest';
import { describeSync } from './sync-status';
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
