import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, submitSignUp, uniqueEmail, waitForServiceWorkerControl } from './support/fixtures';
import { answer, expectAnswer, PRETRIP_REQUIRED as REQUIRED, PRETRIP_VEHICLE } from './support/answers';
import { startRelay, type RunningRelay } from './support/relay';

const PASSWORD = 'correct-horse-battery';
const PRETRIP = 'Vehicle pre-trip inspection';
const FLAG = 'Mine flag and beacon fitted (site vehicles)';

let relay: RunningRelay;
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  await relay.stop();
});

const syncLine = (page: Page) => page.getByRole('banner').getByText(/All changes saved on the relay|waiting to sync|Offline — |could not sync|Checking sync/);

test('edits a second tablet made offline after the first completed the run are shown as not accepted, kept, and can be copied into a new run', async ({ browser }) => {
  const email = uniqueEmail('crew');
  const tabletA = await browser.newContext();
  const a = await tabletA.newPage();
  await submitSignUp(a, relay.url, { name: 'Casey Crew', email, password: PASSWORD });
  await a.getByRole('link', { name: PRETRIP }).click();
  await a.getByRole('button', { name: 'Start checklist' }).click();
  await a.waitForURL(/\/run\//);
  const runPath = new URL(a.url()).pathname;
  await expect(syncLine(a)).toHaveText('All changes saved on the relay', { timeout: 30_000 });

  const tabletB = await browser.newContext();
  const b = await tabletB.newPage();
  await b.goto(relay.url);
  await b.getByLabel('Email').fill(email);
  await b.getByLabel('Password').fill(PASSWORD);
  await b.getByRole('button', { name: 'Sign in' }).click();
  await b.getByRole('link', { name: 'My work' }).click();
  await b.getByRole('link', { name: `Resume ${PRETRIP}` }).click();
  await expect(b.getByRole('heading', { name: PRETRIP, level: 1 })).toBeVisible();
  await waitForServiceWorkerControl(b);
  await expect(syncLine(b)).toHaveText('All changes saved on the relay', { timeout: 30_000 });

  // B goes out of coverage and answers an optional item nobody else has.
  await tabletB.setOffline(true);
  await answer(b, FLAG, 'N/A');
  await expect(syncLine(b)).toHaveText(/Offline — 1 change kept on this device/);

  // Meanwhile A finishes the run online.
  await a.getByLabel(PRETRIP_VEHICLE).fill('Ute 14');
  for (const label of REQUIRED) await answer(a, label, 'Pass');
  await a.getByRole('button', { name: 'Complete checklist' }).click();
  await expect(a.getByRole('button', { name: 'Run again' })).toBeVisible();
  await expect(syncLine(a)).toHaveText('All changes saved on the relay', { timeout: 30_000 });

  // B comes back: its answer can no longer land, and it says so instead of waiting forever.
  await tabletB.setOffline(false);
  await expect(syncLine(b)).toHaveText('1 change could not sync — review', { timeout: 30_000 });
  await b.getByRole('link', { name: 'Sync' }).click();
  const section = b.getByRole('region', { name: 'Changes the relay did not accept' });
  await expect(section).toContainText('1 change made on this device were not accepted: this run was completed on another device on', { timeout: 30_000 });
  await expectAccessible(b, 'sync screen with changes not accepted');

  // Still readable in the run on this device.
  await section.getByRole('link', { name: /Open run/ }).click();
  expect(new URL(b.url()).pathname).toBe(runPath);
  await expectAnswer(b, FLAG, 'N/A');

  // Copy into a new run: a new, open run with every answer this tablet saw.
  await b.getByRole('link', { name: 'Sync' }).click();
  await b.getByRole('region', { name: 'Changes the relay did not accept' }).getByRole('button', { name: /Copy into a new run/ }).click();
  await b.waitForURL((url) => url.pathname.startsWith('/run/') && url.pathname !== runPath);
  await expectAnswer(b, FLAG, 'N/A');
  for (const label of REQUIRED) await expectAnswer(b, label, 'Pass');
  await expect(b.getByLabel(PRETRIP_VEHICLE)).toHaveValue('Ute 14');
  await expect(b.getByRole('button', { name: 'Complete checklist' })).toBeEnabled();
  await expect(syncLine(b)).toHaveText('All changes saved on the relay', { timeout: 30_000 });

  await tabletA.close();
  await tabletB.close();
});
