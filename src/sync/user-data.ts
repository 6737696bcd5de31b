import { openFieldbookDB } from '../db';
import type { FieldbookDB } from '../db';
import type { UserId } from '../domain';
import type { ApiClient } from './api-client';
import { deviceId } from './device';
import { createFlusher } from './outbox/flusher';
import type { Flusher, FlushResult } from './outbox/flusher';
import { createLazyProviders } from './docs/instance-sync';
import type { InstanceSync } from './docs/instance-sync';
import { createLiveFeed } from './live';
import type { LiveFeed } from './live';
import { createDatabaseHolds } from './database-holds';
import type { DatabaseHolds } from './database-holds';
import { createPuller } from './puller';
import { fetchRemoteRun, refreshMembers } from './remote-run';
import type { RemoteRunResult } from './remote-run';
import type { Puller, PullResult } from './puller';
import { createFileSync } from './file-sync';
import type { FileSync } from './file-sync';
import { createSyncStatus } from './sync-status';
import type { SyncStatusStore } from './sync-status';
import { databaseNameFor } from '../protocol';

export type { InstanceSync } from './docs/instance-sync';

/** Everything that belongs to one signed-in person on this device. */
export interface UserData {
  readonly userId: UserId;
  readonly db: FieldbookDB;
  /** This device's stable id (completion entries and awareness carry it). */
  readonly device: string;
  readonly puller: Puller;
  readonly flusher: Flusher;
  readonly live: LiveFeed;
  readonly instanceSync: InstanceSync;
  readonly syncStatus: SyncStatusStore;
  /** Photos, files and signatures on their way to the relay (issue 11). */
  readonly files: FileSync;
  /**
   * Work that still writes the database (a run closing): hold it and `close()` waits for the
   * release before closing the database.
   */
  readonly work: DatabaseHolds;
  /** A run not on this device, fetched from the relay for a reader (src/sync/remote-run.ts). */
  readonly fetchRun: (instanceId: string) => Promise<RemoteRunResult>;
  /** Refresh the workspace's member names kept on the device (kv `members`). */
  readonly refreshMembers: () => Promise<void>;
  /** Start every sync loop (idempotent). */
  start(): void;
  /** Stop the loops; the data stays open (a remount starts them again). */
  stop(): void;
  /** "Sync now": flush, pull and reconnect docs at once. */
  syncNow(): Promise<void>;
  /** A new sign-in replaced an expired token. */
  resumeSession(): void;
  /**
   * Stop syncing and close the database once outstanding `work` settled. The database itself
   * stays on the device.
   */
  close(): void;
}

export interface OpenUserDataOptions {
  readonly userId: UserId;
  readonly api: ApiClient;
  /** The current token (null when signed out); read on every connect. */
  readonly getToken?: () => string | null;
  /** The relay refused the token (SSE 401 or websocket 4401). */
  readonly onUnauthorized?: () => void;
  readonly onChange?: (result: PullResult) => void;
  readonly onFlush?: (result: FlushResult) => void;
  /** HTTP origin of the relay ('' = this page's). */
  readonly baseUrl?: string;
  /** Websocket base of the relay; defaults to `ws(s)://<this host>/yjs`. */
  readonly wsUrl?: string;
}

export function openUserData(options: OpenUserDataOptions): UserData {
  const db = openFieldbookDB(databaseNameFor(options.userId));
  const getToken = options.getToken ?? (() => null);
  const device = deviceId();
  const puller = createPuller({ db, api: options.api, ...(options.onChange ? { onChange: options.onChange } : {}) });
  const flusher = createFlusher({ db, api: options.api, ...(options.onFlush ? { onChange: options.onFlush } : {}) });
  const live = createLiveFeed({
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    getToken,
    onChanges: () => void puller.pull(),
    onOpen: () => void flusher.flush('reconnect'),
    ...(options.onUnauthorized ? { onUnauthorized: options.onUnauthorized } : {}),
  });
  const files = createFileSync({
    db,
    getToken,
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    ...(options.onUnauthorized ? { onUnauthorized: options.onUnauthorized } : {}),
    flusher,
  });
  const syncStatus = createSyncStatus({ db, puller, flusher, live, files });

  const work = createDatabaseHolds();
  let closed = false;
  let running = false;
  const providers = createLazyProviders({
    db,
    token: getToken,
    ...(options.wsUrl !== undefined ? { wsUrl: options.wsUrl } : {}),
    device,
    maxConcurrent: 4,
    ...(options.onUnauthorized ? { onSessionExpired: options.onUnauthorized } : {}),
    onLoad: (m) => syncStatus.setProviders(m),
  });

  return {
    userId: options.userId,
    db,
    device,
    puller,
    flusher,
    live,
    instanceSync: providers.instanceSync,
    syncStatus,
    files,
    work,
    fetchRun: (instanceId) => work.track(fetchRemoteRun(options.api, db, instanceId)),
    refreshMembers: () => work.track(refreshMembers(options.api, db)),
    start() {
      if (closed || running) return;
      running = true;
      puller.start();
      flusher.start();
      live.start();
      files.start();
      // Background docs with changes the relay has not stored yet sync without a screen open.
      void providers.load();
    },
    stop() {
      running = false;
      puller.stop();
      flusher.stop();
      live.stop();
      files.stop();
    },
    async syncNow() {
      providers.current()?.syncNow();
      await flusher.flush('manual');
      await puller.pull();
      files.kick();
    },
    resumeSession() {
      providers.current()?.resumeSession();
      void flusher.flush('manual');
      void puller.pull();
      files.kick();
    },
    close() {
      if (closed) return;
      closed = true;
      running = false;
      puller.stop();
      flusher.stop();
      live.stop();
      files.stop();
      syncStatus.stop();
      // The manager writes relay markers while stopping, and a run may still be writing its
      // last edits: the database closes only after both settled.
      void work.track(providers.stop()).catch(() => undefined);
      void work.idle().then(() => db.close());
    },
  };
}
