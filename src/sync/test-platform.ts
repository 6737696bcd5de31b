/**
 * A `Platform` the test drives: timers run only when fired (by their delay, or as the clock
 * moves past them), the clock and connectivity are set by hand, and browser events are emitted
 * on demand. No sleeps (CONVENTIONS 13). Test support only; not imported by application code.
 */
import type { Platform, PlatformEvents } from './platform';

export interface ManualPlatform extends Platform {
  /** The platform itself, for callers that take `{ platform }` apart. */
  readonly platform: Platform;
  /** The delays of the timers still scheduled, in the order they were set. */
  delays(): number[];
  /** Fire (once) every scheduled timer whose delay is `which` (or satisfies it). */
  fire(which: number | ((ms: number) => boolean)): void;
  /** Fire every scheduled timer of at least `minMs` (backoff timers, not request timeouts). */
  fireAtLeast(minMs: number): void;
  /** Move the clock on, firing every timer that falls due, in order. */
  advance(ms: number): void;
  setOnline(online: boolean): void;
  goOffline(): void;
  goOnline(): void;
  setVisible(visible: boolean): void;
  emit(event: keyof PlatformEvents): void;
}

export function manualPlatform(options: { now?: number; online?: boolean } = {}): ManualPlatform {
  const scheduled = new Map<number, { callback: () => void; ms: number; at: number }>();
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
  const setOnline = (value: boolean): void => {
    online = value;
    emit(value ? 'online' : 'offline');
  };

  const platform: ManualPlatform = {
    setTimer(callback, ms) {
      const id = next++;
      scheduled.set(id, { callback, ms, at: clock + ms });
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
    get platform() {
      return platform;
    },
    delays: () => [...scheduled.values()].map((t) => t.ms),
    fire,
    fireAtLeast: (minMs) => fire((ms) => ms >= minMs),
    advance(ms) {
      const until = clock + ms;
      for (;;) {
        const due = [...scheduled].filter(([, t]) => t.at <= until).sort(([, a], [, b]) => a.at - b.at)[0];
        if (due === undefined) break;
        scheduled.delete(due[0]);
        clock = Math.max(clock, due[1].at);
        due[1].callback();
      }
      clock = until;
    },
    setOnline,
    goOffline: () => setOnline(false),
    goOnline: () => setOnline(true),
    setVisible(value) {
      visible = value;
      emit(value ? 'visible' : 'hidden');
    },
    emit,
  };
  return platform;
}
