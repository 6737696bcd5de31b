import { describe, expect, it } from 'vitest';
import { describeSync } from '../../sync/sync-status';
import type { SyncStatusState } from '../../sync/sync-status';
import { pillLabel } from './pill-label';

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
const label = (s: Partial<Omit<SyncStatusState, 'summary'>>): string => {
  const state = { ...base, ...s };
  return pillLabel({ ...state, summary: describeSync(state) });
};

describe('header pill words', () => {
  it('shows the pending count online and offline, the same number as the sentence', () => {
    expect(label({ waiting: 3 })).toBe('3 waiting');
    expect(label({ online: false, waiting: 3 })).toBe('Offline · 3');
    expect(label({ online: false })).toBe('Offline');
    expect(label({ relayReachable: false, waiting: 2 })).toBe('No relay · 2');
  });

  it('says Synced only when the sentence says everything is on the relay', () => {
    expect(label({})).toBe('Synced');
    expect(label({ relayReachable: null })).toBe('Checking…');
  });

  it('counts refused writes and not-accepted run changes together', () => {
    expect(label({ outbox: { pending: 0, failed: 1 }, notAccepted: 2, waiting: 4 })).toBe('3 not synced');
  });
});
