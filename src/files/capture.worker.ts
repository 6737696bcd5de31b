/// <reference lib="webworker" />
/**
 * The capture pipeline off the main thread: EXIF, decode and downscale, JPEG, thumbnail, hashes
 * and the IndexedDB write all happen here, so a 12 MP photo never blocks the page (DESIGN §6).
 * The page talks to it through `captureInWorker` (capture-client.ts).
 */
import { openFieldbookDB } from '../db';
import type { FieldbookDB } from '../db';
import { browserImageCodec } from './browser-image-codec';
import { capturePhoto } from './capture';
import { captureRequestSchema } from './capture-messages';
import type { CaptureReply } from './capture-messages';
import { storeCapturedPhoto } from './store-capture';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const databases = new Map<string, FieldbookDB>();

function database(name: string): FieldbookDB {
  let db = databases.get(name);
  if (db === undefined) {
    db = openFieldbookDB(name);
    databases.set(name, db);
  }
  return db;
}

scope.onmessage = (event: MessageEvent<unknown>) => {
  const parsed = captureRequestSchema.safeParse(event.data);
  if (!parsed.success) {
    const id = typeof (event.data as { id?: unknown } | null)?.id === 'number' ? (event.data as { id: number }).id : -1;
    scope.postMessage({ id, ok: false, reason: 'The capture request was not understood' } satisfies CaptureReply);
    return;
  }
  const request = parsed.data;
  const now = request.now ?? Date.now();
  void capturePhoto(request.file, browserImageCodec, { now, ...(request.maxEdge !== undefined ? { maxEdge: request.maxEdge } : {}) })
    .then((photo) => storeCapturedPhoto(database(request.dbName ?? 'fieldbook'), photo, { instanceId: request.instanceId, by: request.by, now }))
    .then(
      (ref) => scope.postMessage({ id: request.id, ok: true, ref } satisfies CaptureReply),
      (error: unknown) =>
        scope.postMessage({ id: request.id, ok: false, reason: error instanceof Error ? `The photo could not be read (${error.message})` : 'The photo could not be read' } satisfies CaptureReply),
    );
};
