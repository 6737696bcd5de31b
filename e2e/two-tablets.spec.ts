import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { expectAccessible, submitSignUp, uniqueEmail, waitForServiceWorkerControl } from './support/fixtures';
import { startRelay, type RunningRelay } from './support/relay';

const PASSWORD = 'correct-horse-battery';
const LOTO = 'Lockout/tagout (LOTO) for conveyor maintenance';
const PRETRIP = 'Vehicle pre-trip inspection';

let relay: RunningRelay;
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  await relay.stop();
});

const syncLine = (page: Page) => page.getByRole('banner').getByText(/All changes saved on the relay|waiting to sync|Offline — |could not sync|Checking sync/);

async function expectAllSaved(page: Page): Promise<void> {
  await expect(syncLine(page)).toHaveText('All changes saved on the relay', { timeout: 30_000 });
}

async function openStep(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'All steps' }).getByRole('button', { name: new RegExp(`^${title}`) }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
}

const stepButton = (page: Page, title: string) => page.getByRole('navigation', { name: 'All steps' }).getByRole('button', { name: new RegExp(`^${title}`) });

async function cutOff(context: BrowserContext): Promise<void> {
  await context.setOffline(true);
}

test('two tablets edit one instance offline; on reconnect both hold every edit, the same-field conflict shows both values, nothing is pending', async ({ browser }) => {
  const email = uniqueEmail('crew');
  // Tablet A: sign up, start the procedure, wait until the relay has it.
  const tabletA = await browser.newContext();
  const a = await tabletA.newPage();
  await submitSignUp(a, relay.url, { name: 'Casey Crew', email, password: PASSWORD });
  await a.getByRole('link', { name: LOTO }).click();
  await a.getByRole('button', { name: 'Start procedure' }).click();
  await a.waitForURL(/\/run\//);
  await expect(a.getByRole('heading', { name: LOTO, level: 1 })).toBeVisible();
  const runPath = new URL(a.url()).pathname;
  expect(runPath).toMatch(/^\/run\/[0-9a-f-]{36}$/);
  await waitForServiceWorkerControl(a);
  await expectAllSaved(a);

  // Tablet B: the same person signs in on a second device and opens the same run.
  const tabletB = await browser.newContext();
  const b = await tabletB.newPage();
  await b.goto(relay.url);
  await b.getByLabel('Email').fill(email);
  await b.getByLabel('Password').fill(PASSWORD);
  await b.getByRole('button', { name: 'Sign in' }).click();
  await b.getByRole('link', { name: 'My work' }).click();
  await b.getByRole('link', { name: `Resume ${LOTO}` }).click();
  await expect(b.getByRole('heading', { name: LOTO, level: 1 })).toBeVisible();
  expect(new URL(b.url()).pathname).toBe(runPath);
  await waitForServiceWorkerControl(b);
  await expectAllSaved(b);

  // Down into the basement: the relay is gone and both tablets are offline.
  await relay.stop();
  await cutOff(tabletA);
  await cutOff(tabletB);
  await expect(syncLine(a)).toHaveText('Offline — nothing waiting to sync');

  // Different steps on each tablet, and the same field on both (B writes last).
  await openStep(a, 'Shut down with the normal stop');
  await a.getByRole('checkbox', { name: 'Step done' }).check();
  await openStep(a, 'Notify affected employees');
  await a.getByRole('textbox', { name: 'Conveyor ID' }).fill('CV-101');
  await a.getByLabel('Note for this step').fill('Told line 3.');
  await expect(a.getByText('All changes saved on this device')).toBeVisible();
  // Offline, the header still says how much is waiting: a field and a note, counted once each.
  await expect(syncLine(a)).toHaveText('Offline — 3 changes kept on this device');

  await openStep(b, 'Release stored energy');
  await b.getByRole('checkbox', { name: 'Step done' }).check();
  await openStep(b, 'Notify affected employees');
  await b.getByRole('textbox', { name: 'Conveyor ID' }).fill('CV-202');
  await b.getByLabel('Note for this step').fill('Shift lead told.');
  await expect(b.getByText('All changes saved on this device')).toBeVisible();

  // B also starts a checklist offline: activity from both devices.
  await b.getByRole('link', { name: 'Library' }).click();
  await b.getByRole('link', { name: PRETRIP }).click();
  await b.getByRole('button', { name: 'Start checklist' }).click();
  await b.waitForURL(/\/run\//);
  await expect(b.getByRole('heading', { name: PRETRIP, level: 1 })).toBeVisible();
  await b.goto(`${relay.url}${runPath}`);
  await expect(b.getByRole('heading', { name: LOTO, level: 1 })).toBeVisible();

  // Back up to the street: the relay returns on the same address with the same data.
  relay = await startRelay({ dataDir: relay.dataDir, port: relay.port });
  await tabletA.setOffline(false);
  await tabletB.setOffline(false);

  for (const page of [a, b]) {
    await expect(stepButton(page, 'Shut down with the normal stop')).toHaveAccessibleName(/, done/, { timeout: 30_000 });
    await expect(stepButton(page, 'Release stored energy')).toHaveAccessibleName(/, done/, { timeout: 30_000 });
    await openStep(page, 'Notify affected employees');
    const conflict = page.getByRole('group', { name: /Conveyor ID: changed on two devices at once/ });
    await expect(conflict).toBeVisible({ timeout: 30_000 });
    await expect(conflict.getByRole('button', { name: /Keep “CV-101”/ })).toBeVisible();
    await expect(conflict.getByRole('button', { name: /Keep “CV-202”/ })).toBeVisible();
    // The later write is the value shown until someone settles it.
    await expect(page.getByRole('textbox', { name: 'Conveyor ID' })).toHaveValue('CV-202');
    // Notes written on both tablets are two notes, each with its writer, not one glued text:
    // the other tablet's is listed; this tablet's own is listed, or still in its box on A.
    const [own, other] = page === a ? ['Told line 3.', 'Shift lead told.'] : ['Shift lead told.', 'Told line 3.'];
    await expect(page.locator('.note-entry').filter({ hasText: other })).toContainText('You, on another device', { timeout: 30_000 });
    if (page === a) await expect(page.getByLabel('Your note')).toHaveValue(own);
    else await expect(page.locator('.note-entry').filter({ hasText: own })).toContainText('You, on this device');
    // The step overview flags the step whose field was changed on both.
    await expect(stepButton(page, 'Notify affected employees')).toContainText('Changed on two devices');
  }
  await expectAccessible(a, 'runner with a conflict');

  // Settle on A; the choice reaches B and the conflict is gone on both.
  await a.getByRole('group', { name: /Conveyor ID: changed on two devices at once/ }).getByRole('button', { name: /Keep “CV-101”/ }).click();
  for (const page of [a, b]) {
    await expect(page.getByRole('group', { name: /Conveyor ID: changed on two devices at once/ })).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByRole('textbox', { name: 'Conveyor ID' })).toHaveValue('CV-101', { timeout: 30_000 });
  }

  // Activity from both devices in both feeds.
  for (const page of [a, b]) {
    await page.getByRole('link', { name: 'Activity' }).click();
    const feed = page.getByRole('list', { name: 'Events, newest first' });
    await expect(feed.getByRole('listitem').filter({ hasText: 'Procedure started' }).filter({ hasText: LOTO })).toHaveCount(1, { timeout: 30_000 });
    await expect(feed.getByRole('listitem').filter({ hasText: PRETRIP })).toHaveCount(1, { timeout: 30_000 });
  }

  // Nothing left waiting on either tablet.
  await expectAllSaved(a);
  await expectAllSaved(b);
  await tabletA.close();
  await tabletB.close();
});
