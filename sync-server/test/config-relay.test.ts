/** The relay limits of issue 15 item 2 come from the environment (API.md "Configuration"). */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { RELAY_DEFAULTS } from '../src/relay';

describe('relay configuration from the environment', () => {
  it('R18, R19: unset variables keep the documented defaults', () => {
    const { relay } = loadConfig({});
    expect(relay.syncAnswerIntervalMs).toBe(5_000);
    expect(relay.presence).toEqual({ perConnection: 4, perRoom: 256, maxStateBytes: 1024, queryIntervalMs: 1_000 });
    expect(relay.presence).toEqual(RELAY_DEFAULTS.presence);
  });

  it('R18, R19: WS_SYNC_ANSWER_INTERVAL_MS and WS_PRESENCE_* override them; a bad value stops the start', () => {
    const { relay } = loadConfig({
      WS_SYNC_ANSWER_INTERVAL_MS: '0',
      WS_PRESENCE_PER_CONNECTION: '2',
      WS_PRESENCE_PER_ROOM: '32',
      WS_PRESENCE_STATE_BYTES: '512',
      WS_PRESENCE_QUERY_INTERVAL_MS: '250',
    });
    expect(relay.syncAnswerIntervalMs).toBe(0);
    expect(relay.presence).toEqual({ perConnection: 2, perRoom: 32, maxStateBytes: 512, queryIntervalMs: 250 });
    expect(() => loadConfig({ WS_PRESENCE_PER_ROOM: 'many' })).toThrow(/WS_PRESENCE_PER_ROOM/);
  });
});
