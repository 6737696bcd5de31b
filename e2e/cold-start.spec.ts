import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { waitForServiceWorkerControl } from './support/fixtures';
import { startRelay } from './support/relay';

// What the offline cold start (DESIGN §6, bench/cold-start.ts) relies on; the time itself is
// measured by `npm run bench`, never asserted here. Dexie and Yjs load with the first screen
// that needs them (src/ui/preload-first-screen.ts, router.tsx), never with the entry.

test('the JS a first visit fetches before the app runs holds no Dexie, Yjs or sync provider code', () => {
  const dist = path.resolve('dist');
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g)].map((m) => m[1] ?? '');
  expect(initial.length).toBeGreaterThan(0);
  // The hidden source maps (written for crash decoding, never served) name every module in a chunk.
  // (The few-line rolldown runtime has none.)
  const modules = initial
    .filter((file) => existsSync(path.join(dist, `${file}.map`)))
    .flatMap((file) => (JSON.parse(readFileSync(path.join(dist, `${file}.map`), 'utf8')) as { sources: string[] }).sources);
  expect(modules.some((source) => source.includes('node_modules/react-dom/'))).toBe(true);
  const heavy = modules.filter((source) => /node_modules\/(dexie|yjs|y-indexeddb|y-websocket|y-protocols|lib0)\//.test(source));
  expect(heavy).toEqual([]);
});

declare global {
  interface Window {
    __firstApiCallAt?: number;
  }
}

test('offline cold start on the library: the sync loops start only once the library has shown its data', async ({ browser }) => {
  const relay = await startRelay();
  try {
    const context = await browser.newContext();
    const res = await fetch(`${relay.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'cold@example.com', password: 'correct-horse-battery', name: 'Cold Start' }),
    });
    const session: unknown = await res.json();
    const page = await context.newPage();
    await page.goto(relay.url);
    await page.evaluate((s) => localStorage.setItem('fieldbook.session', JSON.stringify(s)), session);
    await page.reload();
    await expect(page.getByRole('link', { name: 'Incident report' })).toBeVisible();
    await waitForServiceWorkerControl(page);
    await page.close();
    await relay.stop();
    await context.setOffline(true);

    // The sync loops' first act is a request to the relay (the feed, a pull): record when.
    await context.addInitScript(() => {
      const original = window.fetch.bind(window);
      window.fetch = (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        if (new URL(url, location.href).pathname.startsWith('/api/')) window.__firstApiCallAt ??= performance.now();
        return original(input, init);
      };
    });
    for (let i = 0; i < 5; i += 1) {
      const tab = await context.newPage();
      await tab.goto(`${relay.url}/library`);
      await expect(tab.getByRole('link', { name: 'Incident report' })).toBeVisible();
      // The layout marks the moment it starts the sync loops (SignedInLayout, afterFirstScreen).
      await tab.waitForFunction(() => performance.getEntriesByName('fieldbook:sync-start').length > 0);
      const { apiAt, shownAt, syncAt } = await tab.evaluate(() => ({
        apiAt: window.__firstApiCallAt,
        shownAt: performance.getEntriesByName('fieldbook:interactive')[0]?.startTime ?? Number.NaN,
        syncAt: performance.getEntriesByName('fieldbook:sync-start')[0]?.startTime ?? Number.NaN,
      }));
      expect(shownAt).toBeLessThan(syncAt);
      // Offline, the loops may make no request at all; any request to the relay comes after the first screen.
      if (apiAt !== undefined) expect(shownAt).toBeLessThan(apiAt);
      await tab.close();
    }
    await context.close();
  } finally {
    await relay.stop();
  }
});
