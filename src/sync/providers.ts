import { Dexie, liveQuery } from 'dexie';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { FieldbookDB } from '../db';
import { CLOSE_CODES, isPermanentClose, MESSAGE, roomOfInstance } from '../protocol';
import { indexeddbPersistence } from '../completion/indexeddb-persistence';
import { browserOnline, onBrowserEvents, realTimers } from './backoff';
import type { Timers } from './backoff';
import { decodeVectorBytes, encodeVector, missingChanges, readRelayMarkers, UNKNOWN_PENDING, writeRelayMarker } from './relay-state';
import type { NotAccepted, RelayMarker, StateVector } from './relay-state';
import type { InstanceSyncState, ProviderManager, ProviderManagerState } from './provider-types';

export type { InstanceSyncState, ProviderManager, ProviderManagerState } from './provider-types';

/** The relay's acknowledgement: `[varUint 100][varUint8Array storedStateVector]` (sync-server relay SPEC R3). */
export const MESSAGE_STORED = MESSAGE.stored;
/** The relay dropped changes of this read-only connection: `[varUint 101]` (relay SPEC R6). */
export const MESSAGE_WRITES_REFUSED = MESSAGE.writesRefused;

export const PROVIDER_DEFAULTS = {
  maxConcurrent: 4,
  /** y-websocket's reconnect backoff cap (its default 2.5 s is hard on a tablet's battery). */
  maxBackoffMs: 10_000,
  /** A background doc still pending this long after connecting is closed and tried again later. */
  backgroundTimeoutMs: 60_000,
  /** Wait before reopening a background doc that timed out. */
  stalledRetryMs: 5 * 60_000,
  /** Look for background work this often (besides outbox changes, 'online' and syncNow). */
  scanIntervalMs: 30_000,
  /** Persist the pending count of an attached doc at most this often while typing. */
  persistDebounceMs: 300,
} as const;

/** One open doc the manager can sync: its persistence is loaded; `close` releases it. */
export interface LoadedDoc {
  readonly doc: Y.Doc;
  readonly close: () => Promise<void>;
}

export interface ProviderManagerOptions {
  readonly db: FieldbookDB;
  /** Member token or share grant; a function so a new sign-in is picked up on reconnect. */
  readonly token: string | (() => string | null);
  /** Websocket base, e.g. `wss://relay.example/yjs`; the room `instance:<id>` is appended. */
  readonly baseUrl: string;
  /** This device's id, published in awareness so other devices can tell who is editing. */
  readonly device: string;
  readonly maxConcurrent?: number;
  /** The relay refused the token (4401). */
  readonly onSessionExpired?: () => void;
  /** Test seams. */
  readonly WebSocketPolyfill?: typeof WebSocket;
  readonly loadDoc?: (instanceId: string) => Promise<LoadedDoc>;
  readonly timers?: Timers;
  readonly now?: () => number;
  readonly backgroundTimeoutMs?: number;
}

interface Managed {
  readonly instanceId: string;
  readonly mode: 'attached' | 'background';
  /**
   * A run the user may only read (someone else's, opened for review): it is synced from the
   * relay but never counted as pending and never leaves a kv marker (completion SPEC R19).
   */
  readonly reader: boolean;
  readonly doc: Y.Doc;
  /** Background docs only: releases the persistence and destroys the doc. */
  readonly release?: () => Promise<void>;
  provider: WebsocketProvider | null;
  connection: InstanceSyncState['connection'];
  pending: number;
  relaySv: StateVector | undefined;
  relayBytes: Uint8Array | undefined;
  refused?: { code: number; reason: string };
  /** The relay said it drops what this device sends (read-only room, type 101). */
  readOnlyRoom: boolean;
  /** Changes the stored state vector lacks while the room is read-only: they cannot land. */
  notAccepted?: NotAccepted;
  acknowledgedAt?: number;
  onUpdate: () => void;
  persistTimer: unknown;
  timeout: unknown;
}

/** Refusals that a later attempt (new page load, sent record) may overcome are not kept across loads. */
const isStickyRefusal = (code: number): boolean => code !== CLOSE_CODES.unknownRoom && code !== CLOSE_CODES.unauthenticated;

function decodeSv(bytes: Uint8Array): StateVector | undefined {
  try {
    return Y.decodeStateVector(bytes);
  } catch {
    return undefined;
  }
}

/** Local structs the relay's stored vector lacks (see relay-state `missingChanges`). */
export function pendingAgainst(doc: Y.Doc, relay: StateVector | undefined): number {
  return missingChanges(Y.decodeStateVector(Y.encodeStateVector(doc)), relay);
}

const defaultLoadDoc = async (instanceId: string): Promise<LoadedDoc> => {
  const doc = new Y.Doc({ gc: true });
  const persistence = indexeddbPersistence(instanceId);
  try {
    await persistence.load(doc);
  } catch (error) {
    doc.destroy();
    throw error;
  }
  return {
    doc,
    close: async () => {
      await persistence.destroy();
      doc.destroy();
    },
  };
};

/**
 * Opens y-websocket providers for (a) the instance on screen, handed over with `attach`, and
 * (b) in the background, instances whose doc has changes the relay has not durably stored.
 * "Pending" is measured against the relay's stored state vector (message type 100 with
 * `ack=1`), never against socket state, and persisted per instance in kv (`relay.sv.<id>`).
 */
export function createProviderManager(options: ProviderManagerOptions): ProviderManager {
  const { db } = options;
  const timers = options.timers ?? realTimers;
  const now = options.now ?? Date.now;
  const maxConcurrent = options.maxConcurrent ?? PROVIDER_DEFAULTS.maxConcurrent;
  const backgroundTimeoutMs = options.backgroundTimeoutMs ?? PROVIDER_DEFAULTS.backgroundTimeoutMs;
  const loadDoc = options.loadDoc ?? defaultLoadDoc;
  const getToken = typeof options.token === 'function' ? options.token : () => options.token as string;

  const managed = new Map<string, Managed>();
  /** Instances being loaded for background sync (counted against maxConcurrent). */
  const loading = new Set<string>();
  let markers = new Map<string, RelayMarker>();
  /** Instance ids with a pending (unsent) outbox entry: the relay may not know the room yet. */
  let recordPending = new Set<string>();
  const stalledUntil = new Map<string, number>();
  const listeners = new Set<(state: ProviderManagerState) => void>();
  let state: ProviderManagerState = { instances: [], pending: 0, unknown: 0, notAccepted: 0, relayReachable: null, sessionExpired: false, ready: false };
  let stopped = false;
  let sessionExpired = false;
  let relayReachable: boolean | null = null;
  let scanTimer: unknown = null;
  let scanning: Promise<void> | null = null;
  let scanAgain = false;
  let notifyQueued = false;

  // ---------------------------------------------------------------- state for the UI

  function instanceStates(): InstanceSyncState[] {
    const ids = new Set([...markers.keys(), ...managed.keys()]);
    const out: InstanceSyncState[] = [];
    for (const id of ids) {
      const m = managed.get(id);
      const marker = markers.get(id);
      const pending = m?.pending ?? marker?.pending ?? 0;
      const refused = m?.refused ?? marker?.refused;
      const notAccepted = m?.notAccepted ?? marker?.notAccepted;
      const acknowledgedAt = m?.acknowledgedAt ?? (marker && marker.stateVector !== '' ? marker.at : undefined);
      if (pending === 0 && m === undefined && refused === undefined) continue;
      out.push({
        instanceId: id,
        pending,
        mode: m?.mode ?? 'idle',
        connection: m?.connection ?? (refused ? 'refused' : 'closed'),
        ...(refused ? { refused } : {}),
        ...(notAccepted && pending !== 0 ? { notAccepted } : {}),
        ...(acknowledgedAt !== undefined ? { acknowledgedAt } : {}),
      });
    }
    return out;
  }

  function notify(): void {
    if (notifyQueued) return;
    notifyQueued = true;
    queueMicrotask(() => {
      notifyQueued = false;
      const instances = instanceStates();
      // Changes the relay will never take are not "waiting": they are counted apart, until the
      // user copies them into a new run or discards them.
      const waiting = instances.filter((i) => i.notAccepted === undefined);
      state = {
        instances,
        pending: waiting.reduce((sum, i) => sum + Math.max(0, i.pending), 0),
        unknown: waiting.filter((i) => i.pending === UNKNOWN_PENDING).length,
        notAccepted: instances.filter((i) => i.notAccepted !== undefined && i.notAccepted.resolved === undefined).reduce((sum, i) => sum + Math.max(1, i.pending), 0),
        relayReachable,
        sessionExpired,
        ready: true,
      };
      for (const listener of listeners) listener(state);
    });
  }

  // ---------------------------------------------------------------- markers

  function persist(m: Managed): void {
    if (m.reader) return;
    const marker: RelayMarker = {
      stateVector: m.relayBytes ? encodeVector(m.relayBytes) : (markers.get(m.instanceId)?.stateVector ?? ''),
      pending: m.pending,
      at: m.acknowledgedAt ?? markers.get(m.instanceId)?.at ?? now(),
      ...(m.refused ? { refused: m.refused } : {}),
      ...(m.notAccepted ? { notAccepted: m.notAccepted } : {}),
    };
    markers.set(m.instanceId, marker);
    void writeRelayMarker(db, m.instanceId, marker).catch(() => undefined);
  }

  function persistSoon(m: Managed): void {
    if (m.persistTimer !== null) return;
    m.persistTimer = timers.set(() => {
      m.persistTimer = null;
      persist(m);
    }, PROVIDER_DEFAULTS.persistDebounceMs);
  }

  function recompute(m: Managed): void {
    if (m.reader) return;
    const next = pendingAgainst(m.doc, m.relaySv);
    if (next === m.pending) return;
    m.pending = next;
    persistSoon(m);
    notify();
  }

  // ---------------------------------------------------------------- providers

  /** The relay knows the room once it acknowledged it, or once the instance record has been sent. */
  const mayConnect = (id: string): boolean => (markers.get(id)?.stateVector ?? '') !== '' || !recordPending.has(id);

  function connect(m: Managed): void {
    if (stopped || sessionExpired || m.provider !== null || m.refused !== undefined) return;
    if (!mayConnect(m.instanceId)) {
      m.connection = 'waiting-for-record';
      notify();
      return;
    }
    if (!browserOnline()) {
      m.connection = 'offline';
      notify();
      return;
    }
    const token = getToken();
    if (token === null) return;
    const provider = new WebsocketProvider(options.baseUrl, roomOfInstance(m.instanceId), m.doc, {
      params: { token, ack: '1' },
      maxBackoffTime: PROVIDER_DEFAULTS.maxBackoffMs,
      // Our own close-code handling below records the reason; never retry a 44xx.
      shouldReconnect: (event) => !isPermanentClose(event.code),
      ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
    });
    m.provider = provider;
    m.connection = 'connecting';
    provider.awareness.setLocalStateField('device', options.device);
    provider.messageHandlers[MESSAGE_STORED] = (_encoder, decoder) => {
      const bytes = decoding.readVarUint8Array(decoder);
      onStored(m, bytes);
    };
    provider.messageHandlers[MESSAGE_WRITES_REFUSED] = () => onWritesRefused(m);
    provider.on('status', ({ status }) => {
      if (m.provider !== provider) return;
      if (status === 'connected') {
        m.connection = 'connected';
        relayReachable = true;
      } else if (status === 'connecting' && m.connection !== 'connected') m.connection = 'connecting';
      notify();
    });
    provider.on('connection-error', () => {
      if (m.provider !== provider) return;
      if (m.connection !== 'connected') relayReachable = false;
      notify();
    });
    provider.on('connection-close', (event) => {
      if (m.provider !== provider) return;
      if (event === null) return; // we closed it ourselves
      if (isPermanentClose(event.code)) {
        provider.disconnect();
        refuse(m, event.code, event.reason);
        return;
      }
      m.connection = 'connecting';
      // A reconnect uses the current token (a new sign-in may have replaced it).
      const fresh = getToken();
      if (fresh !== null) provider.params = { token: fresh, ack: '1' };
      notify();
    });
    if (m.mode === 'background') {
      m.timeout = timers.set(() => {
        m.timeout = null;
        stalledUntil.set(m.instanceId, now() + PROVIDER_DEFAULTS.stalledRetryMs);
        void closeManaged(m);
      }, backgroundTimeoutMs);
    }
    notify();
  }

  function onStored(m: Managed, bytes: Uint8Array): void {
    const sv = decodeSv(bytes);
    if (sv === undefined) return; // malformed acknowledgement: logged by nobody, dropped (CONVENTIONS 10)
    m.relaySv = sv;
    m.relayBytes = bytes;
    m.acknowledgedAt = now();
    relayReachable = true;
    m.pending = m.reader ? 0 : pendingAgainst(m.doc, sv);
    if (m.persistTimer !== null) {
      timers.clear(m.persistTimer);
      m.persistTimer = null;
    }
    persist(m);
    notify();
    if (m.mode === 'background' && m.pending === 0) void closeManaged(m);
    else checkNotAccepted(m);
  }

  /**
   * The room is read-only for this device (finished elsewhere) and the relay dropped what this
   * doc has beyond it: nothing more will land. Kept and shown as "not accepted", never dropped.
   */
  function onWritesRefused(m: Managed): void {
    relayReachable = true;
    m.readOnlyRoom = true;
    checkNotAccepted(m);
  }

  /** Read-only room and changes beyond the stored vector: those changes will never land. */
  function checkNotAccepted(m: Managed): void {
    if (!m.readOnlyRoom || m.pending === 0 || m.relaySv === undefined) return;
    if (m.notAccepted === undefined) m.notAccepted = { at: now() };
    persist(m);
    notify();
    if (m.mode === 'background') void closeManaged(m);
  }

  function refuse(m: Managed, code: number, reason: string): void {
    m.connection = 'refused';
    m.refused = { code, reason };
    m.provider?.destroy();
    m.provider = null;
    persist(m);
    // Not again until something changes: the record is sent (4404), a new sign-in (4401), retry().
    stalledUntil.set(m.instanceId, Number.POSITIVE_INFINITY);
    if (code === CLOSE_CODES.unauthenticated) {
      sessionExpired = true;
      options.onSessionExpired?.();
    }
    notify();
    if (m.mode === 'background') void closeManaged(m);
  }

  async function closeManaged(m: Managed): Promise<void> {
    if (managed.get(m.instanceId) !== m) return;
    managed.delete(m.instanceId);
    if (m.timeout !== null) timers.clear(m.timeout);
    if (m.persistTimer !== null) timers.clear(m.persistTimer);
    m.doc.off('update', m.onUpdate);
    m.provider?.destroy();
    m.provider = null;
    persist(m);
    notify();
    await m.release?.().catch(() => undefined);
    scheduleScan();
  }

  function manage(instanceId: string, doc: Y.Doc, mode: Managed['mode'], release?: () => Promise<void>, reader = false): Managed {
    const marker = reader ? undefined : markers.get(instanceId);
    const relayBytes = marker && marker.stateVector !== '' ? decodeVectorBytes(marker.stateVector) : undefined;
    const relaySv = relayBytes ? decodeSv(relayBytes) : undefined;
    const m: Managed = {
      instanceId,
      mode,
      reader,
      doc,
      ...(release ? { release } : {}),
      provider: null,
      connection: 'closed',
      readOnlyRoom: false,
      pending: 0,
      relaySv,
      relayBytes,
      ...(marker?.refused && isStickyRefusal(marker.refused.code) ? { refused: marker.refused } : {}),
      ...(marker?.notAccepted ? { notAccepted: marker.notAccepted } : {}),
      ...(marker && marker.stateVector !== '' ? { acknowledgedAt: marker.at } : {}),
      onUpdate: () => recompute(m),
      persistTimer: null,
      timeout: null,
    };
    m.pending = reader ? 0 : pendingAgainst(doc, relaySv);
    managed.set(instanceId, m);
    doc.on('update', m.onUpdate);
    if (m.pending !== (marker?.pending ?? 0)) persist(m);
    return m;
  }

  // ---------------------------------------------------------------- background work

  function scheduleScan(): void {
    if (stopped) return;
    void scan();
  }

  function scan(): Promise<void> {
    if (scanning) {
      scanAgain = true;
      return scanning;
    }
    scanning = (async () => {
      try {
        do {
          scanAgain = false;
          await scanOnce();
        } while (scanAgain && !stopped);
      } finally {
        scanning = null;
      }
    })();
    return scanning;
  }

  async function scanOnce(): Promise<void> {
    if (stopped || sessionExpired || !browserOnline()) return;
    const t = now();
    const candidates = [...markers]
      .filter(([id, marker]) => marker.pending !== 0 && marker.notAccepted === undefined && !managed.has(id) && !loading.has(id))
      .filter(([, marker]) => marker.refused === undefined || !isStickyRefusal(marker.refused.code))
      .filter(([id]) => (stalledUntil.get(id) ?? 0) <= t && mayConnect(id))
      .map(([id]) => id);
    const busy = (): number => loading.size + [...managed.values()].filter((m) => m.mode === 'background').length;
    const starts: Promise<void>[] = [];
    for (const id of candidates) {
      if (busy() >= maxConcurrent) break;
      starts.push(openBackground(id));
    }
    await Promise.all(starts);
  }

  async function openBackground(instanceId: string): Promise<void> {
    loading.add(instanceId);
    let loaded: LoadedDoc;
    try {
      loaded = await loadDoc(instanceId);
    } catch {
      loading.delete(instanceId);
      stalledUntil.set(instanceId, now() + PROVIDER_DEFAULTS.stalledRetryMs);
      return;
    }
    loading.delete(instanceId);
    // Attached meanwhile, or stopped: this copy is not needed.
    if (stopped || managed.has(instanceId)) {
      await loaded.close();
      return;
    }
    const m = manage(instanceId, loaded.doc, 'background', loaded.close);
    if (m.pending === 0) {
      await closeManaged(m);
      return;
    }
    connect(m);
  }

  /** Mark instances whose record changed while nobody measured their doc: their Yjs state is unknown. */
  /** Outbox entries up to this seq have been looked at (each marks its instance once). */
  let seenSeq = 0;

  function onOutbox(entries: readonly { seq?: number; recordId: string; state: string; value: unknown; announced?: boolean }[]): void {
    const before = recordPending;
    // An announced entry (flusher rule F1) is a finished record held back while the relay
    // already holds the unfinished one: the room exists, so it may connect.
    recordPending = new Set(entries.filter((e) => e.state === 'pending' && e.announced !== true).map((e) => e.recordId));
    for (const id of before) {
      // The record reached the relay: a room refused as unknown may exist now.
      if (!recordPending.has(id) && markers.get(id)?.refused?.code === CLOSE_CODES.unknownRoom) stalledUntil.delete(id);
    }
    const lastSeen = seenSeq;
    for (const entry of entries) {
      seenSeq = Math.max(seenSeq, entry.seq ?? 0);
      if ((entry.seq ?? 0) <= lastSeen) continue;
      const status = (entry.value as { status?: unknown } | null)?.status;
      if (status === 'not_started' || managed.has(entry.recordId)) continue;
      const marker = markers.get(entry.recordId);
      if (marker !== undefined && marker.pending !== 0) continue;
      const next: RelayMarker = { stateVector: marker?.stateVector ?? '', pending: UNKNOWN_PENDING, at: marker?.at ?? now() };
      markers.set(entry.recordId, next);
      void writeRelayMarker(db, entry.recordId, next).catch(() => undefined);
    }
    for (const m of managed.values()) {
      if (m.provider === null && m.connection === 'waiting-for-record') connect(m);
      // A room refused as unknown is tried again once its record has been sent.
      if (m.refused?.code === CLOSE_CODES.unknownRoom && !recordPending.has(m.instanceId)) {
        delete m.refused;
        connect(m);
      }
    }
    notify();
    scheduleScan();
  }

  // ---------------------------------------------------------------- lifecycle

  const instanceEntries = () =>
    db.outbox
      .where('[kind+recordId]')
      .between(['instance', Dexie.minKey], ['instance', Dexie.maxKey])
      .toArray();

  // Nothing connects before the markers and the outbox have been read: otherwise a room the
  // relay cannot know yet would be opened (and refused with 4404).
  const ready = Promise.all([readRelayMarkers(db), instanceEntries()])
    .then(([stored, entries]) => {
      markers = stored;
      onOutbox(entries);
    })
    .catch(() => undefined);

  let outboxSub: { unsubscribe(): void } | null = null;
  void ready.then(() => {
    if (stopped) return;
    outboxSub = liveQuery(instanceEntries).subscribe({ next: onOutbox, error: () => undefined });
    notify();
  });

  const unlisten = onBrowserEvents({
    online: () => {
      for (const m of managed.values()) if (m.provider === null) connect(m);
      scheduleScan();
    },
    offline: () => {
      // Stop retrying into a dead network; 'online' reconnects. Pending counts are unaffected.
      for (const m of managed.values()) {
        m.provider?.destroy();
        m.provider = null;
        m.connection = 'offline';
      }
      relayReachable = false;
      notify();
    },
  });
  const tick = (): void => {
    scanTimer = timers.set(() => {
      scheduleScan();
      tick();
    }, PROVIDER_DEFAULTS.scanIntervalMs);
  };
  tick();

  const manager: ProviderManager = {
    attach(instanceId, doc, attachOptions) {
      const reader = attachOptions?.readOnly === true;
      const existing = managed.get(instanceId);
      if (existing?.mode === 'attached' && existing.doc === doc) return;
      void (async () => {
        await ready;
        if (stopped) return;
        const current = managed.get(instanceId);
        if (current !== undefined) {
          if (current.mode === 'attached' && current.doc === doc) return;
          // The background copy (or a stale attachment) gives way to the doc on screen.
          await closeManaged(current);
        }
        if (doc.isDestroyed) return;
        connect(manage(instanceId, doc, 'attached', undefined, reader));
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
      stalledUntil.delete(instanceId);
      if (marker?.refused) {
        const { refused: _refused, ...rest } = marker;
        markers.set(instanceId, rest);
        void writeRelayMarker(db, instanceId, rest).catch(() => undefined);
      }
      if (m) {
        delete m.refused;
        connect(m);
      }
      notify();
      scheduleScan();
    },
    syncNow() {
      stalledUntil.clear();
      for (const m of managed.values()) {
        if (m.provider === null) connect(m);
        else m.provider.connect();
      }
      scheduleScan();
    },
    resumeSession() {
      if (!sessionExpired) return;
      sessionExpired = false;
      for (const [id, until] of stalledUntil) if (until === Number.POSITIVE_INFINITY) stalledUntil.delete(id);
      for (const [id, marker] of markers) {
        if (marker.refused?.code === CLOSE_CODES.unauthenticated) manager.retry(id);
      }
      notify();
    },
    resolveNotAccepted(instanceId, how, copyId) {
      const m = managed.get(instanceId);
      const marker = markers.get(instanceId);
      const current = m?.notAccepted ?? marker?.notAccepted;
      if (current === undefined || marker === undefined) return;
      const notAccepted: NotAccepted = { ...current, resolved: { how, at: now(), ...(copyId !== undefined ? { copyId } : {}) } };
      if (m) m.notAccepted = notAccepted;
      const next = { ...marker, notAccepted };
      markers.set(instanceId, next);
      void writeRelayMarker(db, instanceId, next).catch(() => undefined);
      notify();
    },
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      unlisten();
      outboxSub?.unsubscribe();
      if (scanTimer !== null) timers.clear(scanTimer);
      await Promise.all([...managed.values()].map((m) => closeManaged(m)));
    },
  };
  return manager;
}
