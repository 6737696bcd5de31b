import { liveQuery } from 'dexie';
import type { FieldbookDB } from '../db';
import { createValueStore } from '../domain/value-store';
import { collectGarbage, createUploader, pendingFiles, refsNotOnRelay, refusedFiles } from '../files';
import { isFinished } from '../domain';
import type { UploadReport } from '../files';
import type { Flusher } from './outbox/flusher';
import { browserPlatform } from './platform';
import { originalsOnWifiOnly } from './wifi-setting';
import type { Platform } from './platform';

/** What the header and the Sync screen say about files (issue 11 "Truth"). */
export interface FileSyncState {
  /** Files whose bytes the relay does not hold yet, and their size; undefined until read. */
  readonly pending: { readonly count: number; readonly bytes: number } | undefined;
  /** Run references to files the relay has not taken yet (the bytes may be there already). */
  readonly unreferenced: number;
  /** Files the relay refused, with its reason: kept on the device. */
  readonly refused: readonly { readonly sha256: string; readonly mime: string; readonly size: number; readonly reason: string }[];
  readonly uploading: boolean;
  /** The file being sent and how far it got. */
  readonly progress?: { readonly sha256: string; readonly sent: number; readonly total: number };
  /** Why the last pass stopped early (offline, relay error), for the Sync screen. */
  readonly lastProblem?: string;
}

export interface FileSync {
  readonly getState: () => FileSyncState;
  readonly subscribe: (listener: () => void) => () => void;
  /** Run a pass now (another one follows if one is running). */
  kick(): void;
  start(): void;
  stop(): void;
}

export interface FileSyncOptions {
  readonly db: FieldbookDB;
  readonly getToken: () => string | null;
  readonly baseUrl?: string;
  readonly onUnauthorized?: () => void;
  readonly platform?: Platform;
  /**
   * The records' flusher: a run's files are referred to by its id, so once its records reached
   * the relay (the flusher is idle again) a pass runs.
   */
  readonly flusher?: Pick<Flusher, 'subscribe' | 'getStatus'>;
  /** The person's "originals on Wi-Fi only" choice (default: this browser profile's setting). */
  readonly onlyOnWifi?: () => boolean;
  /** Between passes while something is left (a file the relay could not take yet). */
  readonly retryMs?: number;
}

export const FILE_SYNC_RETRY_MS = 20_000;
/** Clean-up of old originals runs once, this long after the loop starts (not while the app opens). */
export const FILE_CLEANUP_DELAY_MS = 60_000;

/**
 * Drop the bytes of originals that are on the relay, referred to by no open run and older than
 * the store's limit (src/files/file-store.ts `collectGarbage`); thumbnails stay.
 */
export async function cleanUpOldOriginals(db: FieldbookDB, now: number): Promise<number> {
  const open = await db.instances.filter((row) => !isFinished(row.status)).primaryKeys();
  return (await collectGarbage(db, now, open.map(String))).evicted.length;
}

/**
 * Sends the device's stored files to the relay (src/files/uploader.ts does one pass): when the
 * loop starts, when the network comes back, when a new file is stored, after the records went
 * (a run the relay does not know yet cannot take references), and every `retryMs` while files
 * are left. One pass at a time; a kick during a pass runs another after it.
 */
export function createFileSync(options: FileSyncOptions): FileSync {
  const platform = options.platform ?? browserPlatform;
  const retryMs = options.retryMs ?? FILE_SYNC_RETRY_MS;
  const state = createValueStore<FileSyncState>({ pending: undefined, unreferenced: 0, refused: [], uploading: false });
  const set = (patch: Partial<FileSyncState>): void => state.set({ ...state.get(), ...patch });
  const uploader = createUploader({
    db: options.db,
    getToken: options.getToken,
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    ...(options.onUnauthorized !== undefined ? { onUnauthorized: options.onUnauthorized } : {}),
    onProgress: (sha256, sent, total) => set({ progress: { sha256, sent, total } }),
    onlyOnWifi: options.onlyOnWifi ?? originalsOnWifiOnly,
  });
  let running = false;
  let again = false;
  let started = false;
  let timer: unknown;
  const cleanups: (() => void)[] = [];

  const schedule = (): void => {
    if (timer !== undefined) platform.clearTimer(timer);
    timer = platform.setTimer(() => {
      timer = undefined;
      pass();
    }, retryMs);
  };

  const leftOver = (report: UploadReport): boolean => report.failed.length > 0 || report.deferred.length > 0;

  function pass(): void {
    if (!started) return;
    if (running) {
      again = true;
      return;
    }
    if (!platform.online()) return;
    running = true;
    set({ uploading: true });
    void uploader
      .uploadPending()
      .then(
        (report) => {
          const problem = report.failed[0]?.message;
          const { lastProblem: _dropped, ...rest } = state.get();
          state.set(problem === undefined ? { ...rest } : { ...rest, lastProblem: problem });
          if (leftOver(report)) schedule();
        },
        (error: unknown) => {
          set({ lastProblem: error instanceof Error ? error.message : 'The files could not be sent' });
          schedule();
        },
      )
      .finally(() => {
        running = false;
        const { progress: _done, ...rest } = state.get();
        state.set({ ...rest, uploading: false });
        if (again) {
          again = false;
          pass();
        }
      });
  }

  return {
    getState: () => state.get(),
    subscribe: (listener) => state.subscribe(() => listener()),
    kick: pass,
    start() {
      if (started) return;
      started = true;
      let lastCount = -1;
      const counts = liveQuery(async () => ({ pending: await pendingFiles(options.db), refused: await refusedFiles(options.db), refs: (await refsNotOnRelay(options.db)).length })).subscribe({
        next: ({ pending, refused, refs }) => {
          set({
            pending: { count: pending.count, bytes: pending.bytes },
            unreferenced: refs,
            refused: refused.map((f) => ({ sha256: f.sha256, mime: f.mime, size: f.size, reason: f.refusedReason ?? 'The relay refused this file.' })),
          });
          // A newly stored file (or reference) starts a pass at once.
          const count = pending.count + refs;
          if (count > lastCount && count > 0) pass();
          lastCount = count;
        },
        error: () => undefined,
      });
      cleanups.push(() => counts.unsubscribe());
      cleanups.push(platform.listen({ online: pass, visible: pass }));
      const { flusher } = options;
      if (flusher !== undefined) {
        cleanups.push(
          flusher.subscribe(() => {
            if (flusher.getStatus().state === 'idle') pass();
          }),
        );
      }
      const cleanup = platform.setTimer(() => void cleanUpOldOriginals(options.db, platform.now()).catch(() => undefined), FILE_CLEANUP_DELAY_MS);
      cleanups.push(() => platform.clearTimer(cleanup));
      pass();
    },
    stop() {
      started = false;
      if (timer !== undefined) platform.clearTimer(timer);
      timer = undefined;
      for (const cleanup of cleanups.splice(0)) cleanup();
    },
  };
}
