import type * as Y from 'yjs';
import { openFieldbookDB } from '../db';
import type { FieldbookDB } from '../db';
import type { UserId } from '../domain';
import type { ApiClient } from './api-client';
import { deviceId } from './device';
import { createFlusher } from './flusher';
import type { Flusher, FlushResult } from './flusher';
import { createLiveFeed } from './live';
import type { LiveFeed } from './live';
import type { ProviderManager } from './provider-types';
import { createPuller } from './puller';
import type { Puller, PullResult } from './puller';
import { databaseNameFor } from './session';
import { createSyncStatus } from './sync-status';
import type { SyncStatusStore } from './sync-status';

/**
 * The runner's handle on live document sync. Usable at once: calls made before the provider
 * manager (and y-websocket, loaded lazily to keep the first download small) is ready are
 * replayed in order when it is.
 *
 *   const session = await openInstance({...});              // y-indexeddb fully loaded (S2)
 *   data.instanceSync.attach(instance.id, session.model.doc); // connect it to the relay
 *   ...
 *   data.instanceSync.detach(instance.id);                   // before closeInstance(session)
 *   await closeInstance(session);
 *
 * Per-instance "not yet on the relay" counts are in `data.syncStatus.getState().instances`.
 */
export interface InstanceSync {
  attach(instanceId: string, doc: Y.Doc): void;
  detach(instanceId: string): void;
  /** Resolves with the manager once loaded (for retry/syncNow on the sync screen). */
  readonly manager: Promise<ProviderManager>;
}

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
  /** Start every sync loop (idempotent). */
  start(): void;
  /** Stop the loops; the data stays open (a remount starts them again). */
  stop(): void;
  /** "Sync now": flush, pull and reconnect docs at once. */
  syncNow(): Promise<void>;
  /** A new sign-in replaced an expired token. */
  resumeSession(): void;
  /** Stop syncing and close the database. The database itself stays on the device. */
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

function defaultWsUrl(): string {
  if (typeof location === 'undefined') return 'ws://localhost:8787/yjs';
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/yjs`;
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
  const syncStatus = createSyncStatus({ db, puller, flusher, live });

  let closed = false;
  let running = false;
  let manager: ProviderManager | null = null;
  const queued: ({ op: 'attach'; id: string; doc: Y.Doc } | { op: 'detach'; id: string })[] = [];

  // y-websocket and yjs stay out of the first download: the manager loads on first use.
  let managerPromise: Promise<ProviderManager> | null = null;
  const loadManager = (): Promise<ProviderManager> => {
    managerPromise ??= import('./providers').then(({ createProviderManager }) => {
      const m = createProviderManager({
        db,
        token: getToken,
        baseUrl: options.wsUrl ?? defaultWsUrl(),
        device,
        maxConcurrent: 4,
        ...(options.onUnauthorized ? { onSessionExpired: options.onUnauthorized } : {}),
      });
      if (closed) void m.stop();
      manager = m;
      syncStatus.setProviders(m);
      for (const call of queued.splice(0)) {
        if (call.op === 'attach') m.attach(call.id, call.doc);
        else m.detach(call.id);
      }
      return m;
    });
    return managerPromise;
  };

  const instanceSync: InstanceSync = {
    attach(instanceId, doc) {
      if (closed) return;
      if (manager) return manager.attach(instanceId, doc);
      queued.push({ op: 'attach', id: instanceId, doc });
      void loadManager();
    },
    detach(instanceId) {
      if (manager) return manager.detach(instanceId);
      // Never attached yet: cancel the queued attach rather than connect a doc about to be destroyed.
      const index = queued.findIndex((c) => c.op === 'attach' && c.id === instanceId);
      if (index >= 0) queued.splice(index, 1);
    },
    get manager() {
      return loadManager();
    },
  };

  return {
    userId: options.userId,
    db,
    device,
    puller,
    flusher,
    live,
    instanceSync,
    syncStatus,
    start() {
      if (closed || running) return;
      running = true;
      puller.start();
      flusher.start();
      live.start();
      // Background docs with changes the relay has not stored yet sync without a screen open.
      void loadManager();
    },
    stop() {
      running = false;
      puller.stop();
      flusher.stop();
      live.stop();
    },
    async syncNow() {
      manager?.syncNow();
      await flusher.flush('manual');
      await puller.pull();
    },
    resumeSession() {
      manager?.resumeSession();
      void flusher.flush('manual');
      void puller.pull();
    },
    close() {
      if (closed) return;
      closed = true;
      running = false;
      puller.stop();
      flusher.stop();
      live.stop();
      syncStatus.stop();
      void manager?.stop();
      db.close();
    },
  };
}
