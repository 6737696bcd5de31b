/**
 * The provider manager (SPEC D-rules): syncs instance docs with the relay over y-websocket —
 * (a) the instance on screen, handed over with `attach`, and (b) in the background, instances
 * whose doc has changes the relay has not durably stored. "Pending" is measured against the
 * relay's stored state vector (type 100 with `ack=1`, stored-ack.ts), never against socket
 * state, and kept per instance in a marker (relay-marker-store.ts).
 *
 * This file composes the parts: the markers (marker-cache.ts), the room gate (room-gate.ts), the
 * open docs (open-doc.ts), each with one connection and its close-code policy (doc-connection.ts,
 * close-policy.ts), the background scan (background-scan.ts) and the UI state (sync-state.ts).
 */
import { browserPlatform } from '../platform';
import { createBackgroundScan } from './background-scan';
import { awaitsRecord, endsSession } from './close-policy';
import { loadStoredDoc } from './load-doc';
import type { LoadedDoc } from './load-doc';
import { createMarkerCache } from './marker-cache';
import { OpenDoc } from './open-doc';
import type { OpenDocContext } from './open-doc';
import { PROVIDER_DEFAULTS } from './provider-options';
import type { ProviderManagerOptions } from './provider-options';
import type { ProviderManager } from './provider-types';
import type { NotAccepted } from './relay-marker';
import { UNKNOWN_PENDING } from './relay-marker';
import { dexieRelayMarkerStore } from './relay-marker-store';
import { createRoomGate } from './room-gate';
import type { OutboxChange } from './room-gate';
import { createSyncStatePublisher, instanceStates, summarise } from './sync-state';

export type { LoadedDoc } from './load-doc';
export { PROVIDER_DEFAULTS } from './provider-options';
export type { ProviderManagerOptions } from './provider-options';
export type { InstanceSyncState, ProviderManager, ProviderManagerState } from './provider-types';

export function createProviderManager(options: ProviderManagerOptions): ProviderManager {
  const { db } = options;
  const platform = options.platform ?? browserPlatform;
  const getToken = typeof options.token === 'function' ? options.token : () => options.token as string;

  const markers = createMarkerCache(options.markerStore ?? dexieRelayMarkerStore(db));
  const managed = new Map<string, OpenDoc>();
  let stopped = false;
  let sessionExpired = false;
  let relayReachable: boolean | null = null;
  /**
   * D11: per instance, whether its record was unsent when its room was last opened, or later.
   * The relay decides 4404 when the socket opens but the close can arrive after the record's
   * PUT was answered: such a refusal is worth one more try, whichever the device hears first.
   */
  const unsentSinceOpen = new Map<string, Promise<boolean>>();

  const publisher = createSyncStatePublisher(() =>
    summarise(instanceStates(markers.entries(), new Map([...managed].map(([id, m]) => [id, m.view()]))), relayReachable, sessionExpired),
  );
  const notify = publisher.notify;

  const scan = createBackgroundScan({
    platform,
    maxConcurrent: options.maxConcurrent ?? PROVIDER_DEFAULTS.maxConcurrent,
    scanIntervalMs: PROVIDER_DEFAULTS.scanIntervalMs,
    stalledRetryMs: PROVIDER_DEFAULTS.stalledRetryMs,
    markers,
    stopped: () => stopped,
    mayScan: () => !sessionExpired && platform.online(),
    mayConnect: (id) => gate.mayConnect(id),
    isOpen: (id) => managed.has(id),
    openInBackground: () => [...managed.values()].filter((m) => m.mode === 'background').length,
    loadDoc: options.loadDoc ?? loadStoredDoc,
    adopt,
  });
  // Nothing connects before the markers and the outbox have been read (D6).
  const gate = createRoomGate(db, markers, onOutbox);

  const context: OpenDocContext = {
    platform,
    markers,
    connection: {
      baseUrl: options.baseUrl,
      device: options.device,
      token: getToken,
      maxBackoffMs: PROVIDER_DEFAULTS.maxBackoffMs,
      ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
    },
    persistDebounceMs: PROVIDER_DEFAULTS.persistDebounceMs,
    backgroundTimeoutMs: options.backgroundTimeoutMs ?? PROVIDER_DEFAULTS.backgroundTimeoutMs,
    mayOpenSockets: () => !stopped && !sessionExpired,
    mayConnect: (id) => gate.mayConnect(id),
    opening(m) {
      // Read now, not from the gate's snapshot: it may not show an entry written just before.
      unsentSinceOpen.set(m.instanceId, gate.recordUnsent(m.instanceId));
    },
    notify,
    reachable(yes) {
      relayReachable = yes;
    },
    refused(m, code) {
      // Not again until something changes: the record is sent (4404), a new sign-in (4401), retry().
      scan.stallIndefinitely(m.instanceId);
      if (awaitsRecord(code)) void retryIfRecordArrived(m.instanceId);
      if (endsSession(code)) {
        sessionExpired = true;
        options.onSessionExpired?.();
      }
    },
    finished(m, why) {
      // D14: a background doc the relay did not finish storing in time gives way to others.
      if (why === 'timed-out') scan.stall(m.instanceId);
      void closeManaged(m);
    },
  };

  async function closeManaged(m: OpenDoc): Promise<void> {
    if (managed.get(m.instanceId) !== m) return;
    managed.delete(m.instanceId);
    m.close();
    notify();
    await m.release?.().catch(() => undefined);
    scan.schedule();
  }

  function manage(instanceId: string, doc: OpenDoc['doc'], mode: OpenDoc['mode'], release?: () => Promise<void>, reader = false): OpenDoc {
    const m = new OpenDoc(instanceId, mode, doc, reader, context, release);
    managed.set(instanceId, m);
    return m;
  }

  /** A background copy was loaded (background-scan.ts): sync it unless it is no longer needed. */
  async function adopt(instanceId: string, loaded: LoadedDoc): Promise<void> {
    // Attached meanwhile, or stopped: this copy is not needed.
    if (stopped || managed.has(instanceId)) {
      await loaded.close();
      return;
    }
    const m = manage(instanceId, loaded.doc, 'background', loaded.close);
    if (m.ack.pending === 0) {
      await closeManaged(m);
      return;
    }
    m.connect();
  }

  /**
   * D11: a room refused as unknown whose record was unsent since the socket opened and is sent
   * now is opened again, once: the next socket's own read decides whether its 4404 tries again,
   * so a relay that still does not know the room never makes a reconnect loop.
   */
  async function retryIfRecordArrived(instanceId: string): Promise<void> {
    const check = unsentSinceOpen.get(instanceId);
    const raced = (await check) === true;
    if (unsentSinceOpen.get(instanceId) === check) unsentSinceOpen.delete(instanceId);
    // Still unsent: onOutbox opens it again once the entry is sent.
    if (!raced || stopped || (await gate.recordUnsent(instanceId))) return;
    const m = managed.get(instanceId);
    if (m !== undefined) {
      if (awaitsRecord(m.refused?.code)) m.forgetRefusal();
      return;
    }
    if (!awaitsRecord(markers.get(instanceId)?.refused?.code)) return;
    scan.release(instanceId);
    scan.schedule();
  }

  function onOutbox(change: OutboxChange): void {
    // The record reached the relay: a room refused as unknown may exist now (D11).
    for (const id of change.sent) if (awaitsRecord(markers.get(id)?.refused?.code)) scan.release(id);
    // D5: a record written while nobody measured its doc: the doc's Yjs state is unknown.
    for (const id of change.written) {
      if (managed.has(id)) continue;
      const marker = markers.get(id);
      if (marker !== undefined && marker.pending !== 0) continue;
      markers.set(id, { stateVector: marker?.stateVector ?? '', pending: UNKNOWN_PENDING, at: marker?.at ?? platform.now() });
    }
    for (const m of managed.values()) {
      // A record written after the socket opened: a 4404 on it may be the record racing the socket.
      if (m.open && gate.recordWaiting(m.instanceId)) unsentSinceOpen.set(m.instanceId, Promise.resolve(true));
      if (!m.open && m.status === 'waiting-for-record') m.connect();
      if (awaitsRecord(m.refused?.code) && !gate.recordWaiting(m.instanceId)) m.forgetRefusal();
    }
    notify();
    scan.schedule();
  }

  // ---------------------------------------------------------------- lifecycle

  void gate.ready.then(() => {
    if (!stopped) notify();
  });

  const unlisten = platform.listen({
    online: () => {
      for (const m of managed.values()) if (!m.open) m.connect();
      scan.schedule();
    },
    offline: () => {
      // D16: stop retrying into a dead network; 'online' reconnects. Pending counts are unaffected.
      for (const m of managed.values()) m.disconnect('offline');
      relayReachable = false;
      notify();
    },
  });

  const manager: ProviderManager = {
    attach(instanceId, doc, attachOptions) {
      const reader = attachOptions?.readOnly === true;
      const existing = managed.get(instanceId);
      if (existing?.mode === 'attached' && existing.doc === doc) return;
      void (async () => {
        await gate.ready;
        if (stopped) return;
        // The background copy (or a stale attachment) gives way to the doc on screen. Closing one
        // schedules a scan, which may open a new background copy before this resumes: close that too.
        for (let current = managed.get(instanceId); current !== undefined; current = managed.get(instanceId)) {
          if (current.mode === 'attached' && current.doc === doc) return;
          await closeManaged(current);
          if (stopped) return;
        }
        if (doc.isDestroyed) return;
        manage(instanceId, doc, 'attached', undefined, reader).connect();
        notify();
      })();
    },
    detach(instanceId) {
      const m = managed.get(instanceId);
      if (m?.mode !== 'attached') return;
      // The runner destroys its doc next; if changes are still pending, a background copy takes over.
      void closeManaged(m);
    },
    retry(instanceId) {
      const m = managed.get(instanceId);
      const marker = markers.get(instanceId);
      scan.release(instanceId);
      if (marker?.refused) {
        const { refused: _refused, ...rest } = marker;
        markers.set(instanceId, rest);
      }
      m?.forgetRefusal();
      notify();
      scan.schedule();
    },
    syncNow() {
      scan.releaseAll();
      for (const m of managed.values()) m.reconnect();
      scan.schedule();
    },
    resumeSession() {
      if (!sessionExpired) return;
      sessionExpired = false;
      scan.releaseIndefinite();
      for (const [id, marker] of [...markers.entries()]) {
        if (marker.refused !== undefined && endsSession(marker.refused.code)) manager.retry(id);
      }
      notify();
    },
    resolveNotAccepted(instanceId, how, copyId) {
      const m = managed.get(instanceId);
      const marker = markers.get(instanceId);
      const current = m?.ack.notAccepted ?? marker?.notAccepted;
      if (current === undefined || marker === undefined) return;
      const notAccepted: NotAccepted = { ...current, resolved: { how, at: platform.now(), ...(copyId !== undefined ? { copyId } : {}) } };
      if (m) m.ack.notAccepted = notAccepted;
      markers.set(instanceId, { ...marker, notAccepted });
      notify();
    },
    getState: () => publisher.store.get(),
    subscribe: (listener) => publisher.store.subscribe(listener),
    async stop() {
      if (stopped) return;
      stopped = true;
      unlisten();
      gate.stop();
      scan.stop();
      await Promise.all([...managed.values()].map((m) => closeManaged(m)));
    },
  };
  return manager;
}
