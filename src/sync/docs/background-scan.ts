/**
 * The background scan (SPEC D13–D15): instances whose marker says the relay lacks some of their
 * changes are opened in the background, a few at a time, and closed once the relay stored them.
 * The scan runs on start, on every outbox change, on 'online', on "Sync now", when a background
 * doc closes, and every `scanIntervalMs`; one runs at a time, and a request made during a scan
 * runs it once more afterwards.
 */
import type { Platform } from '../platform';
import { isStickyRefusal } from './close-policy';
import type { LoadedDoc } from './load-doc';
import type { MarkerCache } from './marker-cache';

export interface BackgroundScanOptions {
  readonly platform: Platform;
  readonly maxConcurrent: number;
  readonly scanIntervalMs: number;
  /** Wait before opening again a doc that failed to load (or timed out, see `stall`). */
  readonly stalledRetryMs: number;
  readonly markers: MarkerCache;
  /** The manager stopped: no scan, no timer. */
  stopped(): boolean;
  /** A scan may look for work now (session valid, browser online). */
  mayScan(): boolean;
  /** The room gate (room-gate.ts). */
  mayConnect(instanceId: string): boolean;
  /** The manager has this instance open (attached or in the background). */
  isOpen(instanceId: string): boolean;
  /** Background docs the manager has open. */
  openInBackground(): number;
  loadDoc(instanceId: string): Promise<LoadedDoc>;
  /** Sync a loaded background copy, or close it when it is no longer needed. */
  adopt(instanceId: string, loaded: LoadedDoc): Promise<void>;
}

export interface BackgroundScan {
  /** Look for background work now (or once more after the running scan). */
  schedule(): void;
  /** Leave the instance alone for `stalledRetryMs`. */
  stall(instanceId: string): void;
  /** Leave it alone until `release` (a refusal: until the record is sent, a sign-in, retry()). */
  stallIndefinitely(instanceId: string): void;
  release(instanceId: string): void;
  releaseAll(): void;
  /** Release only those stalled indefinitely (a new sign-in). */
  releaseIndefinite(): void;
  stop(): void;
}

export function createBackgroundScan(options: BackgroundScanOptions): BackgroundScan {
  const { platform } = options;
  const stalledUntil = new Map<string, number>();
  /** Instances being loaded for background sync (counted against maxConcurrent). */
  const loading = new Set<string>();
  let scanning: Promise<void> | null = null;
  let scanAgain = false;
  let timer: unknown = null;

  function candidates(): string[] {
    const t = platform.now();
    return [...options.markers.entries()]
      .filter(([id, marker]) => marker.pending !== 0 && marker.notAccepted === undefined && !options.isOpen(id) && !loading.has(id))
      .filter(([, marker]) => marker.refused === undefined || !isStickyRefusal(marker.refused.code))
      .filter(([id]) => (stalledUntil.get(id) ?? 0) <= t && options.mayConnect(id))
      .map(([id]) => id);
  }

  async function scanOnce(): Promise<void> {
    if (options.stopped() || !options.mayScan()) return;
    const busy = (): number => loading.size + options.openInBackground();
    const starts: Promise<void>[] = [];
    for (const id of candidates()) {
      if (busy() >= options.maxConcurrent) break;
      starts.push(open(id));
    }
    await Promise.all(starts);
  }

  async function open(instanceId: string): Promise<void> {
    loading.add(instanceId);
    let loaded: LoadedDoc;
    try {
      loaded = await options.loadDoc(instanceId);
    } catch {
      loading.delete(instanceId);
      scan.stall(instanceId);
      return;
    }
    loading.delete(instanceId);
    await options.adopt(instanceId, loaded);
  }

  function run(): Promise<void> {
    if (scanning) {
      scanAgain = true;
      return scanning;
    }
    scanning = (async () => {
      try {
        do {
          scanAgain = false;
          await scanOnce();
        } while (scanAgain && !options.stopped());
      } finally {
        scanning = null;
      }
    })();
    return scanning;
  }

  const tick = (): void => {
    timer = platform.setTimer(() => {
      scan.schedule();
      tick();
    }, options.scanIntervalMs);
  };

  const scan: BackgroundScan = {
    schedule() {
      if (!options.stopped()) void run();
    },
    stall: (instanceId) => void stalledUntil.set(instanceId, platform.now() + options.stalledRetryMs),
    stallIndefinitely: (instanceId) => void stalledUntil.set(instanceId, Number.POSITIVE_INFINITY),
    release: (instanceId) => void stalledUntil.delete(instanceId),
    releaseAll: () => stalledUntil.clear(),
    releaseIndefinite() {
      for (const [id, until] of stalledUntil) if (until === Number.POSITIVE_INFINITY) stalledUntil.delete(id);
    },
    stop() {
      if (timer !== null) platform.clearTimer(timer);
      timer = null;
    },
  };
  tick();
  return scan;
}
