import { describe, expect, it } from 'vitest';
import type { InstanceSyncState, ProviderManagerState } from '../sync/docs/provider-types';
import { runSendState } from './run-send-state';

const ID = 'b3c1f0a2-0000-4000-8000-000000000001';
const docs = (instances: InstanceSyncState[] = [], ready = true): ProviderManagerState => ({
  instances,
  pending: 0,
  unknown: 0,
  notAccepted: 0,
  relayReachable: true,
  sessionExpired: false,
  ready,
});
const doc = (overrides: Partial<InstanceSyncState>): InstanceSyncState => ({ instanceId: ID, pending: 0, mode: 'attached', connection: 'connected', ...overrides });

describe('runSendState', () => {
  it('is sent only when no outbox entry is left and the relay stored every answer', () => {
    expect(runSendState({ pending: 0, failed: 0 }, docs([doc({})]), ID)).toBe('sent');
    expect(runSendState({ pending: 0, failed: 0 }, docs(), ID)).toBe('sent');
  });

  it('waits while a record is in the outbox, or answers are not acknowledged (or not yet measured)', () => {
    expect(runSendState({ pending: 1, failed: 0 }, docs([doc({})]), ID)).toBe('waiting');
    expect(runSendState({ pending: 0, failed: 0 }, docs([doc({ pending: 3, connection: 'offline' })]), ID)).toBe('waiting');
    expect(runSendState({ pending: 0, failed: 0 }, docs([doc({ pending: -1, mode: 'idle' })]), ID)).toBe('waiting');
  });

  it('never says sent before both the outbox and the answers’ sync state are known', () => {
    expect(runSendState(undefined, docs(), ID)).toBe('checking');
    expect(runSendState({ pending: 0, failed: 0 }, null, ID)).toBe('checking');
    expect(runSendState({ pending: 0, failed: 0 }, docs([], false), ID)).toBe('checking');
  });

  it('says refused when the relay refused a record, or dropped answers that are still here', () => {
    expect(runSendState({ pending: 0, failed: 1 }, docs(), ID)).toBe('refused');
    expect(runSendState({ pending: 0, failed: 0 }, docs([doc({ pending: 2, notAccepted: { at: 1 } })]), ID)).toBe('refused');
    expect(runSendState({ pending: 0, failed: 0 }, docs([doc({ pending: 2, connection: 'refused', refused: { code: 4410, reason: 'revoked' } })]), ID)).toBe('refused');
  });

  it('is not sent while a photo or file of the run is not on the relay, and says refused for a refused one', () => {
    expect(runSendState({ pending: 0, failed: 0, filesPending: 2, filesRefused: 0 }, docs([doc({})]), ID)).toBe('waiting');
    expect(runSendState({ pending: 0, failed: 0, filesPending: 0, filesRefused: 1 }, docs([doc({})]), ID)).toBe('refused');
    expect(runSendState({ pending: 0, failed: 0, filesPending: 0, filesRefused: 0 }, docs([doc({})]), ID)).toBe('sent');
  });
});
