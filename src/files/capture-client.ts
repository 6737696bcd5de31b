import type { CaptureReply, CaptureRequest } from './capture-messages';
import type { FileRef } from './file-ref';

/** The capture failed (unreadable image, storage full, ...); `message` is for the person. */
export class CaptureError extends Error {
  override readonly name = 'CaptureError';
}

let worker: Worker | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve: (ref: FileRef) => void; reject: (error: Error) => void }>();

function captureWorker(): Worker {
  if (worker === undefined) {
    // Bundled by Vite from our own origin: nothing is fetched from a CDN, so it works offline.
    worker = new Worker(new URL('./capture.worker.ts', import.meta.url), { type: 'module', name: 'fieldbook-capture' });
    worker.onmessage = (event: MessageEvent<CaptureReply>) => {
      const reply = event.data;
      const pending = waiting.get(reply.id);
      if (pending === undefined) return;
      waiting.delete(reply.id);
      if (reply.ok) pending.resolve(reply.ref);
      else pending.reject(new CaptureError(reply.reason));
    };
    worker.onerror = () => {
      for (const pending of waiting.values()) pending.reject(new CaptureError('The photo could not be processed'));
      waiting.clear();
      worker?.terminate();
      worker = undefined;
    };
  }
  return worker;
}

/** Downscales, hashes and stores a photo in the capture worker; resolves once it is durable. */
export function captureInWorker(request: Omit<CaptureRequest, 'id'>): Promise<FileRef> {
  const id = nextId++;
  return new Promise<FileRef>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    captureWorker().postMessage({ ...request, id } satisfies CaptureRequest);
  });
}
