/**
 * The relay core's clock port (relay/clock.ts): every delay the core schedules runs on the
 * injected clock, so time moves only when the test moves it — nothing here sleeps.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore, createRelay, silentLogger } from '../src/relay';
import type { Relay, RelayClock } from '../src/relay';
import { FakeDevice } from './helpers/fake-peer';
import { newRoom, testAuthorize } from './helpers/relay-harness';
import { waitFor } from './helpers/wait';

/** A clock whose timers fire only in `advance`, in time order. */
function manualClock(): RelayClock & { advance(ms: number): void; readonly timers: number } {
  let time = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => time,
    setTimer(callback, ms) {
      timers.set(++nextId, { at: time + ms, callback });
      return nextId;
    },
    clearTimer: (handle) => void timers.delete(handle as number),
    advance(ms) {
      const until = time + ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        time = Math.max(time, due[1].at);
        due[1].callback();
      }
      time = until;
    },
    get timers() {
      return timers.size;
    },
  };
}

let relays: Relay[] = [];
afterEach(async () => {
  await Promise.all(relays.map((r) => r.close()));
  relays = [];
});

function relayOn(clock: RelayClock, settings: { evictIdleRoomAfterMs?: number; syncAnswerIntervalMs?: number } = {}): Relay {
  const relay = createRelay({ authorize: testAuthorize, ...createMemoryStore() }, { logger: silentLogger, clock, ...settings });
  relays.push(relay);
  return relay;
}

describe('relay clock port', () => {
  it('R7: an idle room is evicted when the injected clock passes evictIdleRoomAfterMs, not before, and a rejoin cancels it', async () => {
    const clock = manualClock();
    const relay = relayOn(clock, { evictIdleRoomAfterMs: 60_000 });
    const room = newRoom();
    const first = await FakeDevice.join(relay, room, 'rw-a');
    await waitFor(() => first.inbox.length > 0, 'sync step 1');
    first.handle?.disconnect();
    expect(relay.stats().rooms).toBe(1);

    clock.advance(59_999);
    await relay.drain();
    expect(relay.stats().rooms).toBe(1);

    // Someone rejoins within the window: the scheduled eviction is off.
    const second = await FakeDevice.join(relay, room, 'rw-b');
    await waitFor(() => second.inbox.length > 0, 'sync step 1 again');
    clock.advance(120_000);
    await relay.drain();
    expect(relay.stats().rooms).toBe(1);

    second.handle?.disconnect();
    clock.advance(60_000);
    await waitFor(() => relay.stats().rooms === 0, 'the idle room evicted on the test clock');
  });

  it('R18: a second sync step 1 within the interval is answered when the injected clock reaches the interval', async () => {
    const clock = manualClock();
    const relay = relayOn(clock, { syncAnswerIntervalMs: 5_000 });
    const device = await FakeDevice.join(relay, newRoom(), 'rw-a');
    await waitFor(() => device.inbox.length > 0, 'sync step 1');
    device.drain();
    device.syncStep1();
    const answers = (): number => relay.stats().syncAnswers;
    expect(answers()).toBe(1);
    device.syncStep1(); // within the interval: kept for its end
    expect(answers()).toBe(1);
    clock.advance(4_999);
    expect(answers()).toBe(1);
    clock.advance(1);
    expect(answers()).toBe(2);
  });
});
