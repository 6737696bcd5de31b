/**
 * A `Platform` the test drives: timers run only when fired, the clock and connectivity are
 * set by hand, and browser events are emitted on demand. No sleeps (CONVENTIONS 13).
 * Test support only; not imported by application code.
 */
import type { Platform, PlatformEvents } from './platform';

export interface ManualPlatform extends Platform {
  /** The delays of the timers still scheduled, in the order they were set. */
  delays(): number[];
  /** Fire (once) every scheduled timer whose delay satisfies `which`. */
  fire(which: number | ((ms: number) => boolean)): void;
  /** Fire every scheduled timer of at least `minMs` (backoff timers, not request timeouts). */
  fireAtLeast(minMs: number): void;
  setOnline(online: boolean): void;
  setVisible(visible: boolean): void;
  emit(event: keyof PlatformEvents): void;
  /** Move the clock. */
  advance(ms: number): void;
}

export function manualPlatform(options: { now?: number; online?: boolean } = {}): ManualPlatform {
  const scheduled = new Map<number, { callback: () => void; ms: number }>();
  const subscribers = new Set<PlatformEvents>();
  let next = 1;
  let clock = options.now ?? 1_700_000_000_000;
  let online = options.online ?? true;
  let visible = true;

  const fire = (which: number | ((ms: number) => boolean)): void => {
    const matches = typeof which === 'number' ? (ms: number) => ms === which : which;
    for (const [id, timer] of [...scheduled]) {
      if (!matches(timer.ms) || !scheduled.has(id)) continue;
      scheduled.delete(id);
      timer.callback();
    }
  };
  const emit = (event: keyof PlatformEvents): void => {
    for (const handlers of [...subscribers]) handlers[event]?.();
  };

  return {
    setTimer(callback, ms) {
      const id = next++;
      scheduled.set(id, { callback, ms });
      return id;
    },
    clearTimer: (handle) => void scheduled.delete(handle as number),
    now: () => clock,
    online: () => online,
    visible: () => visible,
    listen(handlers) {
      subscribers.add(handlers);
      return () => void subscribers.delete(handlers);
    },
    delays: () => [...scheduled.values()].map((t) => t.ms),
    fire,
    fireAtLeast: (minMs) => fire((ms) => ms >= minMs),
    setOnline(value) {
      online = value;
      emit(value ? 'online' : 'offline');
    },
    setVisible(value) {
      visible = value;
      emit(value ? 'visible' : 'hidden');
    },
    emit,
    advance(ms) {
      clock += ms;
    },
  };
}
