import type * as Y from 'yjs';
import type { FieldbookDB } from '../db';
import type { SessionId } from '../domain';
import { createApiClient } from '../sync/api-client';
import { deviceId } from '../sync/device';
import { createFlusher } from '../sync/flusher';
import type { Flusher } from '../sync/flusher';
import type { ProviderManager } from '../sync/provider-types';
import type { InstanceSync } from '../sync/user-data';
import { openRecipientLinkDb } from './recipient-store';
import type { RedeemedLink } from './recipient-store';

/**
 * One redeemed link's device data and sync loops, for an anonymous recipient: the same outbox
 * flusher and websocket providers a member has, with the link's grant as the token. There is
 * no change feed: a recipient reads only what it wrote and the document it redeemed.
 */
export interface RecipientData {
  readonly sessionId: SessionId;
  readonly link: RedeemedLink;
  readonly db: FieldbookDB;
  readonly device: string;
  readonly flusher: Flusher;
  readonly instanceSync: InstanceSync;
  start(): void;
  stop(): void;
  close(): void;
}

export interface OpenRecipientDataOptions {
  readonly sessionId: SessionId;
  readonly link: RedeemedLink;
  /** HTTP origin of the relay ('' = this page's). */
  readonly baseUrl?: string;
  /** Websocket base; defaults to `ws(s)://<this host>/yjs`. */
  readonly wsUrl?: string;
}

function defaultWsUrl(): string {
  if (typeof location === 'undefined') return 'ws://localhost:8787/yjs';
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/yjs`;
}

export function openRecipientData(options: OpenRecipientDataOptions): RecipientData {
  const { sessionId, link } = options;
  const db = openRecipientLinkDb(sessionId, link.linkId);
  const grant = (): string => link.grant;
  const api = createApiClient({ ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}), getToken: grant });
  const flusher = createFlusher({ db, api });
  const device = deviceId();

  let closed = false;
  let manager: ProviderManager | null = null;
  const queued: ({ op: 'attach'; id: string; doc: Y.Doc } | { op: 'detach'; id: string })[] = [];
  // y-websocket and yjs load on first use, as for members.
  let managerPromise: Promise<ProviderManager> | null = null;
  const loadManager = (): Promise<ProviderManager> => {
    managerPromise ??= import('../sync/providers').then(({ createProviderManager }) => {
      const m = createProviderManager({ db, token: grant, baseUrl: options.wsUrl ?? defaultWsUrl(), device, maxConcurrent: 2 });
      if (closed) void m.stop();
      manager = m;
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
      const index = queued.findIndex((c) => c.op === 'attach' && c.id === instanceId);
      if (index >= 0) queued.splice(index, 1);
    },
    get manager() {
      return loadManager();
    },
  };

  return {
    sessionId,
    link,
    db,
    device,
    flusher,
    instanceSync,
    start() {
      if (closed) return;
      flusher.start();
      // Docs with answers the relay has not stored yet sync without a run on screen.
      void loadManager();
    },
    stop() {
      flusher.stop();
    },
    close() {
      if (closed) return;
      closed = true;
      flusher.stop();
      void manager?.stop();
      db.close();
    },
  };
}
