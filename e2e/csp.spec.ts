import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { uniqueEmail, waitForServiceWorkerControl } from './support/fixtures';
import { startRelay, type RunningRelay } from './support/relay';

let relay: RunningRelay;
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  await relay.stop();
});

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

test('the app and its service worker work under the relay CSP: sign up, open a run, reload offline, no CSP violation at all, not even the zod eval probe', async ({ browser }) => {
  const context = await browser.newContext();
  // Before any page script: record every CSP violation the document reports.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations?.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => consoleErrors.push(`pageerror ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) consoleErrors.push(message.text());
  });

  const response = await page.goto(relay.url);
  const csp = (await response?.allHeaders())?.['content-security-policy'] ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");

  await page.getByLabel('Name').fill('Casey Csp');
  await page.getByLabel('Email').fill(uniqueEmail('csp'));
  await page.getByLabel('Password').fill('correct-horse-battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  const title = 'Lockout/tagout (LOTO) for conveyor maintenance';
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await waitForServiceWorkerControl(page);

  // A run screen: React style props, progress, the Yjs websocket to the relay.
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('button', { name: 'Start procedure' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Step done' })).toBeVisible();

  // Offline: the shell comes from the service worker's precache, still under its CSP.
  await relay.stop();
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Step done' })).toBeVisible();

  // Not even zod's `new Function` probe: the browser build makes zod jitless before its first
  // schema (src/domain/zod-browser.ts), so a start reports no violation at all.
  const violations = await page.evaluate(() => window.__cspViolations ?? ['no listener']);
  expect(violations).toEqual([]);
  expect(consoleErrors).toEqual([]);
  await context.close();
});

test('the built app has no inline script or style element and references no source map', () => {
  const dist = path.resolve('dist');
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
  expect(html).not.toMatch(/<style[\s>]/i);
  expect(html).not.toMatch(/\sstyle=/i);
  const assets = readdirSync(path.join(dist, 'assets')).filter((file) => file.endsWith('.js') || file.endsWith('.css'));
  for (const file of assets) expect(readFileSync(path.join(dist, 'assets', file), 'utf8'), file).not.toContain('sourceMappingURL');
});
