import { captureInWorker } from '../../src/files';
import { openFieldbookDB } from '../../src/db';
import { putFile } from '../../src/files';
import { summarize, type Timing } from './stats';

export interface CaptureResult {
  readonly runs: number;
  readonly megapixels: number;
  /** The photo handed to the capture worker until its downscaled copy and thumbnail are durable. */
  readonly capture: Timing;
  /** Baseline: the same camera bytes stored as they are (one putFile on the main thread, no decode). */
  readonly rawStore: Timing;
  /** The longest main-thread task seen while capturing (0: none over 50 ms, the long-task threshold). */
  readonly longestTaskMs: number;
  readonly longTasks: number;
  /** Control: what the same observer saw of an 80 ms busy loop (proves it would have seen one). */
  readonly controlTaskMs: number;
}

const RUNS = 5;

/** A camera-sized JPEG (4000 × 3000 = 12 MP) with detail, so the encoder has real work. */
async function cameraJpeg(seed: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(4000, 3000);
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('no 2d context');
  for (let y = 0; y < 3000; y += 100) {
    for (let x = 0; x < 4000; x += 100) {
      ctx.fillStyle = `hsl(${(x / 10 + y / 7 + seed * 37) % 360} 70% ${30 + ((x + y) % 40)}%)`;
      ctx.fillRect(x, y, 100, 100);
    }
  }
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
}

/**
 * DESIGN §6 / issue 11: a 12 MP photo to durable local storage in the capture worker, with a
 * long-task observer on the main thread the whole time.
 */
export async function benchCapture(): Promise<CaptureResult> {
  const dbName = `bench-capture-${crypto.randomUUID()}`;
  const db = openFieldbookDB(dbName);
  const photos: Blob[] = [];
  for (let i = 0; i < RUNS; i += 1) photos.push(await cameraJpeg(i));
  // One warm-up: the worker and its modules load once per page.
  await captureInWorker({ file: await cameraJpeg(99), instanceId: 'warm', by: 'bench', dbName });

  const tasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  const capture: number[] = [];
  for (const [i, photo] of photos.entries()) {
    const start = performance.now();
    await captureInWorker({ file: photo, instanceId: `run-${i}`, by: 'bench', dbName });
    capture.push(performance.now() - start);
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  const seenWhileCapturing = [...tasks];
  // Control: an 80 ms busy loop on the main thread must show up as a long task.
  tasks.length = 0;
  const until = performance.now() + 80;
  while (performance.now() < until) {
    /* busy */
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  const controlTaskMs = Math.max(0, ...tasks);
  observer.disconnect();

  const raw: number[] = [];
  for (const [i, photo] of photos.entries()) {
    const bytes = new Uint8Array(await photo.arrayBuffer());
    bytes[0] = i; // a new hash each time, so every put stores
    const start = performance.now();
    await putFile(db, bytes, { mime: 'image/jpeg', role: 'original', capturedAt: 0, now: 0 });
    raw.push(performance.now() - start);
  }
  db.close();
  return { runs: RUNS, megapixels: 12, capture: summarize(capture), rawStore: summarize(raw), longestTaskMs: Math.max(0, ...seenWhileCapturing), longTasks: seenWhileCapturing.length, controlTaskMs };
}
