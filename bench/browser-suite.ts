import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { chromiumLaunchOptions } from '../e2e/support/chromium';
import type { CaptureResult } from './browser/capture';
import type { QueryResult } from './browser/db-queries';
import type { ToggleResult } from './browser/toggles';
import type { BenchSuite } from './types';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, '.tmp', 'bench-dist');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };

async function serve(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path === '/' ? 'bench/browser/index.html' : path);
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://localhost:${port}/`, server };
}

/**
 * The IndexedDB budgets measured where they matter: in real Chromium, on a production
 * build of the same modules the app ships (src/db, src/completion).
 */
export const run: BenchSuite = async () => {
  await build({
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    build: { outDir: OUT, emptyOutDir: true, rollupOptions: { input: join(ROOT, 'bench/browser/index.html') } },
  });
  const { url, server } = await serve(OUT);
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.fieldbookBench !== undefined);
    const queries: QueryResult[] = await page.evaluate(() => window.fieldbookBench!.queries());
    const toggles: ToggleResult = await page.evaluate(() => window.fieldbookBench!.toggles());
    const capture: CaptureResult = await page.evaluate(() => window.fieldbookBench!.capture());
    return [
      {
        name: `${capture.megapixels} MP photo -> durable local storage (capture worker), p95 of ${capture.runs}`,
        value: capture.capture.p95,
        unit: 'ms',
        budget: '<= 1500 ms',
        pass: capture.capture.p95 <= 1500,
        baseline: capture.rawStore.p95,
        ratio: `${(capture.capture.p95 / capture.rawStore.p95).toFixed(1)}x storing the camera bytes as they are`,
        note: `p50 ${capture.capture.p50.toFixed(0)} ms; EXIF, decode to <= 2048 px, JPEG 0.8, 320 px thumbnail, SHA-256, Dexie chunks`,
      },
      {
        name: 'longest main-thread task while capturing those photos',
        value: capture.longestTaskMs,
        unit: 'ms',
        budget: '<= 50 ms',
        pass: capture.longestTaskMs <= 50,
        baseline: capture.controlTaskMs,
        ratio: 'baseline = an 80 ms busy loop, as the same observer saw it',
        note: `${capture.longTasks} long task(s) seen by a PerformanceObserver('longtask'); 0 = none over 50 ms`,
      },
      {
        name: `step toggle -> durable IndexedDB write, p95 (${toggles.runs} toggles)`,
        value: toggles.toggle.p95,
        unit: 'ms',
        budget: '<= 16 ms',
        pass: toggles.toggle.p95 <= 16,
        baseline: toggles.rawPut.p95,
        ratio: `${(toggles.toggle.p95 / toggles.rawPut.p95).toFixed(1)}x raw put`,
        note: `p50 ${toggles.toggle.p50.toFixed(2)} ms; baseline = one raw IndexedDB put, p95`,
      },
      ...queries.map((q) => ({
        name: `${q.name}, p95`,
        value: q.indexed.p95,
        unit: 'ms',
        budget: '<= 10 ms',
        pass: q.indexed.p95 <= 10,
        baseline: q.fullScan.p50,
        ratio: `${(q.fullScan.p50 / q.indexed.p95).toFixed(0)}x faster`,
        note: `${q.rows} rows; p50 ${q.indexed.p50.toFixed(2)} ms; baseline = full-table filter, p50`,
      })),
    ];
  } finally {
    await browser.close();
    server.close();
  }
};
