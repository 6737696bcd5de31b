import { expect, test, type Page } from '@playwright/test';
import { submitSignUp, uniqueEmail, waitForServiceWorkerControl } from './support/fixtures';
import { startRelay, type RunningRelay } from './support/relay';

// Access tokens of 3 s: the relay's sweep closes the run's socket (4401) and HTTP answers 401
// within seconds, so the app must refresh on its own, online and after an offline stretch.
const ENV = { ACCESS_TOKEN_TTL: '3' };
const PASSWORD = 'correct-horse-battery';
const LOTO = 'Lockout/tagout (LOTO) for conveyor maintenance';

let relay: RunningRelay;
test.beforeEach(async () => {
  relay = await startRelay({ env: ENV });
});
test.afterEach(async () => {
  await relay.stop();
});

const syncLine = (page: Page) => page.getByRole('banner').getByText(/All changes saved on the relay|waiting to sync|Offline — changes|could not sync|Checking sync/);
const storedToken = (page: Page) => page.evaluate(() => (JSON.parse(localStorage.getItem('fieldbook.session') ?? '{}') as { token?: string }).token ?? '');

test('expired access tokens are refreshed without the user noticing, online and after an offline stretch', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await submitSignUp(page, relay.url, { name: 'Terry Tablet', email: uniqueEmail('tablet'), password: PASSWORD });
  await page.getByRole('link', { name: LOTO }).click();
  await page.getByRole('button', { name: 'Start procedure' }).click();
  await expect(page.getByRole('heading', { name: LOTO, level: 1 })).toBeVisible();
  await waitForServiceWorkerControl(page);
  await expect(syncLine(page)).toHaveText('All changes saved on the relay', { timeout: 30_000 });

  // Online: the token expires, the socket is closed with 4401, the app refreshes and goes on.
  const first = await storedToken(page);
  await page.waitForFunction((old) => (JSON.parse(localStorage.getItem('fieldbook.session') ?? '{}') as { token?: string }).token !== old, first, { timeout: 30_000 });
  await page.getByLabel('Conveyor ID').fill('CV-0001');
  await expect(syncLine(page)).toHaveText('All changes saved on the relay', { timeout: 30_000 });
  await expect(page.getByText('Your sign-in has expired')).toHaveCount(0);

  // Offline past the token's life: the app opens from the cached identity and keeps every edit.
  const { dataDir, port } = relay;
  await relay.stop();
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: LOTO, level: 1 })).toBeVisible();
  await page.getByLabel('Conveyor ID').fill('CV-0002');
  await expect(page.getByText('Your sign-in has expired')).toHaveCount(0);

  // Back online: the first call is refused (401), the refresh token brings a new pair, all syncs.
  const offlineToken = await storedToken(page);
  relay = await startRelay({ dataDir, port, env: ENV });
  await context.setOffline(false);
  await expect(syncLine(page)).toHaveText('All changes saved on the relay', { timeout: 45_000 });
  // The offline stretch may end before the token's 3 s are up: wait for it to expire and be renewed.
  await page.waitForFunction((old) => (JSON.parse(localStorage.getItem('fieldbook.session') ?? '{}') as { token?: string }).token !== old, offlineToken, { timeout: 30_000 });
  await expect(syncLine(page)).toHaveText('All changes saved on the relay', { timeout: 30_000 });
  await expect(page.getByText('Your sign-in has expired')).toHaveCount(0);
  await context.close();
});
