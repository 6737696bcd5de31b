import type { FieldbookDB } from '../db';
import type { SessionId } from '../domain';
import { createApiClient } from '../sync/api-client';
import { deviceId } from '../sync/device';
import { createFileSync } from '../sync/file-sync';
import type { FileSync } from '../sync/file-sync';
import { createFlusher } from '../sync/outbox/flusher';
import type { Flusher } from '../sync/outbox/flusher';
import { createLazyProviders } from '../sync/docs/instance-sync';
import type { InstanceSync } from '../sync/docs/instance-sync';
import { createDatabaseHolds } from '../sync/database-holds';
import type { DatabaseHolds } from '../sync/database-holds';
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
  /** The recipient's photos and files on their way to the relay, with the link's grant. */
  readonly files: FileSync;
  readonly instanceSync: InstanceSync;
  /** Work that still writes the database (a run closing); `close()` waits for it. */
  readonly work: DatabaseHolds;
  start(): void;
  stop(): void;
  /** Stop syncing and close the database once outstanding `work` settled. */
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

export function openRecipientData(options: OpenRecipientDataOptions): RecipientData {
  const { sessionId, link } = options;
  const db = openRecipientLinkDb(sessionId, link.linkId);
  const grant = (): string => link.grant;
  const api = createApiClient({ ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}), getToken: grant });
  const flusher = createFlusher({ db, api });
  const files = createFileSync({ db, getToken: grant, flusher, ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}) });
  const device = deviceId();

  const work = createDatabaseHolds();
  let closed = false;
  // y-websocket and yjs load on first use, as for members.
  const providers = createLazyProviders({ db, token: grant, ...(options.wsUrl !== undefined ? { wsUrl: options.wsUrl } : {}), device, maxConcurrent: 2 });

  return {
    sessionId,
    link,
    db,
    device,
    flusher,
    files,
    instanceSync: providers.instanceSync,
    work,
    start() {
      if (closed) return;
      flusher.start();
      files.start();
      // Docs with answers the relay has not stored yet sync without a run on screen.
      void providers.load();
    },
    stop() {
      flusher.stop();
      files.stop();
    },
    close() {
      if (closed) return;
      closed = true;
      flusher.stop();
      files.stop();
      // A run on screen may still be writing its last edits (its cleanup runs after ours):
      // the database closes only once it and the provider manager have settled.
      void work.track(providers.stop()).catch(() => undefined);
      void work.idle().then(() => db.close());
    },
  };
}
