import type * as Y from 'yjs';
import type { FieldbookDB } from '../../db';
import type { AttachOptions, ProviderManager } from './provider-types';
import type { ProviderManagerOptions } from './provider-options';
import { WS_PATH } from '../../protocol';

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
  /** `{readOnly: true}`: a run this user may only read; never counted as pending (completion SPEC R19). */
  attach(instanceId: string, doc: Y.Doc, options?: AttachOptions): void;
  detach(instanceId: string): void;
  /** Resolves with the manager once loaded (for retry/syncNow on the sync screen). */
  readonly manager: Promise<ProviderManager>;
}

/** The relay's websocket base on this page's host: `ws(s)://<host>/yjs`. */
export function defaultWsUrl(): string {
  if (typeof location === 'undefined') return `ws://localhost:8787${WS_PATH}`;
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`;
}

export interface LazyProvidersOptions {
  readonly db: FieldbookDB;
  /** Member token or share grant, read on every connect. */
  readonly token: () => string | null;
  /** Websocket base; defaults to `defaultWsUrl()`. */
  readonly wsUrl?: string;
  readonly device: string;
  readonly maxConcurrent: number;
  /** The relay refused the token (4401). */
  readonly onSessionExpired?: () => void;
  /** Called once with the manager when it has loaded (before queued calls are replayed). */
  readonly onLoad?: (manager: ProviderManager) => void;
  /** Test seam: make the manager (default: import `./provider-manager` and create it). */
  readonly createManager?: (options: ProviderManagerOptions) => Promise<ProviderManager>;
}

const importManager = async (options: ProviderManagerOptions): Promise<ProviderManager> => {
  const { createProviderManager } = await import('./provider-manager');
  return createProviderManager(options);
};

/** A provider manager loaded on first use, with the `InstanceSync` handle that queues until then. */
export interface LazyProviders {
  readonly instanceSync: InstanceSync;
  /** Load the manager (once) and resolve with it. */
  load(): Promise<ProviderManager>;
  /** The manager if it has loaded, else null. */
  current(): ProviderManager | null;
  /** Stop the manager (now, or as soon as it loads); later attaches are ignored. */
  stop(): Promise<void>;
}

export function createLazyProviders(options: LazyProvidersOptions): LazyProviders {
  let stopped = false;
  let stopping: Promise<void> | null = null;
  let manager: ProviderManager | null = null;
  let loading: Promise<ProviderManager> | null = null;
  const queued: ({ op: 'attach'; id: string; doc: Y.Doc; options?: AttachOptions } | { op: 'detach'; id: string })[] = [];

  // y-websocket and yjs stay out of the first download: the manager loads on first use.
  const load = (): Promise<ProviderManager> => {
    const create = options.createManager ?? importManager;
    loading ??= create({
      db: options.db,
      token: options.token,
      baseUrl: options.wsUrl ?? defaultWsUrl(),
      device: options.device,
      maxConcurrent: options.maxConcurrent,
      ...(options.onSessionExpired ? { onSessionExpired: options.onSessionExpired } : {}),
    }).then((m) => {
      manager = m;
      if (stopped) {
        queued.length = 0;
        stopping ??= m.stop();
        return m;
      }
      options.onLoad?.(m);
      for (const call of queued.splice(0)) {
        if (call.op === 'attach') m.attach(call.id, call.doc, call.options);
        else m.detach(call.id);
      }
      return m;
    });
    return loading;
  };

  const instanceSync: InstanceSync = {
    attach(instanceId, doc, attachOptions) {
      if (stopped) return;
      if (manager) return manager.attach(instanceId, doc, attachOptions);
      queued.push({ op: 'attach', id: instanceId, doc, ...(attachOptions ? { options: attachOptions } : {}) });
      void load();
    },
    detach(instanceId) {
      if (manager) return manager.detach(instanceId);
      // Never attached yet: cancel the queued attach rather than connect a doc about to be destroyed.
      const index = queued.findIndex((c) => c.op === 'attach' && c.id === instanceId);
      if (index >= 0) queued.splice(index, 1);
    },
    get manager() {
      return load();
    },
  };

  return {
    instanceSync,
    load,
    current: () => manager,
    async stop() {
      stopped = true;
      queued.length = 0;
      if (manager) stopping ??= manager.stop();
      // Still loading: the loader sees `stopped` and stops the manager once it has loaded.
      else if (loading) await loading.catch(() => undefined);
      await stopping;
    },
  };
}
