import { describe, expect, it } from 'vitest';
import * as protocol from '../protocol';
import { DEVICE_STORAGE_KEY } from './device';
import { LAST_FLUSHED_KEY, LAST_PULLED_KEY } from './last-contact';
import { MESSAGE_STORED, MESSAGE_WRITES_REFUSED } from './docs/stored-ack';
import { relayKey, RELAY_SV_PREFIX } from './docs/relay-marker';
import { databaseNameFor } from './session';
import { SESSION_STORAGE_KEY } from './session-key';

// The client's side of the wire is the protocol's, not a copy (the relay's: src/protocol/protocol.test.ts).
describe('the sync layer speaks src/protocol', () => {
  it('registers its handlers under the protocol message types (100: stored, 101: writes refused)', () => {
    expect(MESSAGE_STORED).toBe(protocol.MESSAGE.stored);
    expect(MESSAGE_WRITES_REFUSED).toBe(protocol.MESSAGE.writesRefused);
  });

  it('stores under the protocol names', () => {
    expect(SESSION_STORAGE_KEY).toBe(protocol.SESSION_STORAGE_KEY);
    expect(DEVICE_STORAGE_KEY).toBe(protocol.DEVICE_STORAGE_KEY);
    expect(LAST_PULLED_KEY).toBe(protocol.LAST_PULLED_KEY);
    expect(LAST_FLUSHED_KEY).toBe(protocol.LAST_FLUSHED_KEY);
    expect(RELAY_SV_PREFIX).toBe(protocol.RELAY_SV_PREFIX);
    expect(relayKey).toBe(protocol.relayKey);
    expect(databaseNameFor).toBe(protocol.databaseNameFor);
  });
});
