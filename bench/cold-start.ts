import { cpus, loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/support/chromium';
import { startRelay } from '../e2e/support/relay';
import type { BenchSuite } from './types';

const RUNS = 7;
const BUDGET_MS = 300;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/**
 * Offline cold start: a signed-in device whose service worker has precached the shell,
 * with the relay stopped and the network cut, opens the app in a new tab. "Interactive"
 * is the app's own `fieldbook:interactive` mark (set when the first screen has rendered
 * its data from IndexedDB and handlers are attached). Baseline: first contentful paint.
 */
export const run: BenchSuite = async () => {
  const relay = await startRelay();
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const res = await fetch(`${relay.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.com', password: 'bench-password-1', name: 'Bench' }),
    });
    const session: unknown = await res.json();
    const page = await context.newPage();
    await page.goto(relay.url);
    await page.evaluate((s) => localStorage.setItem('fieldbook.session', JSON.stringify(s)), session);
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    await page.waitForFunction(() => performance.getEntriesByName('fieldbook:interactive').length > 0, undefined, { timeout: 30_000 });
    await page.close();
    await relay.stop();
    await context.setOffline(true);

    const interactive: number[] = [];
    const fcp: number[] = [];
    const entryDone: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const tab = await context.newPage();
      await tab.goto(relay.url);
      await tab.waitForFunction(() => performance.getEntriesByName('fieldbook:interactive').length > 0, undefined, { timeout: 30_000 });
      const times = await tab.evaluate(() => ({
        interactive: performance.getEntriesByName('fieldbook:interactive')[0]?.startTime ?? Number.NaN,
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
        // Module scripts run before DOMContentLoaded: its end is when the entry chunk has run.
        entry: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.domContentLoadedEventEnd ?? Number.NaN,
      }));
      entryDone.push(times.entry);
      interactive.push(times.interactive);
      fcp.push(times.fcp);
      await tab.close();
    }
    // A shared 2-core machine: the load says how far these numbers are from a quiet device's.
    const load = loadavg()[0] ?? Number.NaN;
    const value = median(interactive);
    const base = median(fcp);
    return [
      {
        name: `offline cold start to interactive (median of ${RUNS})`,
        value,
        unit: 'ms',
        budget: `<= ${BUDGET_MS} ms`,
        pass: value <= BUDGET_MS,
        baseline: base,
        ratio: `${(value / base).toFixed(2)}x FCP`,
        note: `min ${Math.min(...interactive).toFixed(0)} / max ${Math.max(...interactive).toFixed(0)} ms; entry chunk run by ${median(entryDone).toFixed(0)} ms; baseline = first contentful paint; load ${load.toFixed(1)} on ${cpus().length} cores`,
      },
    ];
  } finally {
    await browser.close();
    await relay.stop();
  }
};
