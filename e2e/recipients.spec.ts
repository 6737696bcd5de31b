import { expect, test } from '@playwright/test';
import type { BrowserContext, Locator, Page, WebSocketRoute } from '@playwright/test';
import { expectAccessible, submitSignUp, uniqueEmail, waitForServiceWorkerControl } from './support/fixtures';
import { startRelay, type RunningRelay } from './support/relay';

const PASSWORD = 'correct-horse-battery';
const INCIDENT = 'Incident report';

let relay: RunningRelay;
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  await relay.stop();
});

async function signUpAdmin(page: Page): Promise<void> {
  await submitSignUp(page, relay.url, { name: 'Ana Admin', email: uniqueEmail('admin'), password: PASSWORD });
  await expect(page.getByRole('link', { name: INCIDENT })).toBeVisible();
  await page.getByRole('link', { name: INCIDENT }).click();
  await page.getByRole('link', { name: 'Share' }).click();
  await expect(page.getByRole('heading', { name: `Share “${INCIDENT}”` })).toBeVisible();
}

const linkRow = (page: Page, label: string): Locator => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: label }) });

/** Make an external link on the share screen; its address once the relay has it. */
async function createExternalLink(page: Page, label: string): Promise<string> {
  await page.getByRole('radio', { name: 'Anyone with the link (no account needed)' }).check();
  await page.getByLabel('Label (optional)').fill(label);
  await page.getByRole('button', { name: 'Create link' }).click();
  const field = page.getByRole('textbox', { name: `Link for ${label}` });
  await expect(field).toHaveValue(/\/s#[A-Za-z0-9_-]{22,}$/);
  await expect(linkRow(page, label).getByText('Active', { exact: true })).toBeVisible();
  return field.inputValue();
}

/** Cut this context off the relay for real (see share-links.spec.ts): offline, API aborted, sockets closed. */
function networkSwitch(context: BrowserContext) {
  let offline = false;
  const sockets = new Set<WebSocketRoute>();
  const ready = context.routeWebSocket(/\/yjs\//, (ws) => {
    if (offline) return void ws.close();
    sockets.add(ws);
    ws.connectToServer();
  });
  return {
    ready,
    async off() {
      offline = true;
      await context.setOffline(true);
      await context.route('**/api/**', (route) => route.abort('internetdisconnected'));
      for (const ws of sockets) await ws.close();
      sockets.clear();
    },
    async on() {
      offline = false;
      await context.unroute('**/api/**');
      await context.setOffline(false);
    },
  };
}

async function fillIncident(page: Page): Promise<void> {
  await page.getByLabel('Date of incident').fill('2025-03-14');
  await page.getByLabel('Time (24 h, HH:MM)').fill('14:05');
  await page.getByLabel('Location / area').fill('Dock 4 loading bay');
  await page.getByLabel('Type of incident').selectOption('Near miss');
  await page.getByLabel('People involved').fill('2');
  await page.getByLabel('What happened?').fill('A pallet slid off the forklift forks while reversing.');
  await page.getByLabel('Immediate actions taken').fill('Cordoned off the bay.');
  await page.getByLabel('Supervisor notified').check();
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved on this device' })).toBeVisible();
}

const sendState = (page: Page): Locator => page.locator('.run-send-state');

test('a recipient sees who sent the link, and a submission made offline says "Waiting to send" across a reload, then "Sent" once the relay stored it; the link shows who opened it and what was submitted', async ({ browser }) => {
  const admin = await browser.newContext();
  const adminPage = await admin.newPage();
  await signUpAdmin(adminPage);
  // Where the limit is set, it says what a use is (DESIGN §2).
  await expect(adminPage.getByText('Counts each person who opens it', { exact: false })).toBeVisible();
  const url = await createExternalLink(adminPage, 'Contractors');
  await expect(linkRow(adminPage, 'Contractors')).toContainText('Opened by 0 people, no limit');
  await expect(linkRow(adminPage, 'Contractors')).toContainText('0 submitted');

  const recipient = await browser.newContext();
  const network = networkSwitch(recipient);
  await network.ready;
  const page = await recipient.newPage();
  await page.goto(url);
  await expect(page.getByRole('heading', { name: INCIDENT, level: 1 })).toBeVisible();
  await expect(page.getByText('Sent to you by Ana Admin')).toBeVisible();
  await waitForServiceWorkerControl(page);
  await expect(linkRow(adminPage, 'Contractors')).toContainText('Opened by 1 person, no limit');

  await page.getByRole('button', { name: 'Start form' }).click();
  await expect(page.getByText('Sent to you by Ana Admin')).toBeVisible();
  await fillIncident(page);

  await network.off();
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Submitted.' })).toBeVisible();
  await expect(sendState(page)).toContainText('Waiting to send');
  await expectAccessible(page, 'recipient run waiting to send');

  // Offline reload: still waiting (the outbox and the unacknowledged answers are on the device).
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'Submitted.' })).toBeVisible();
  await expect(sendState(page)).toContainText('Waiting to send');
  await expect(sendState(page)).not.toContainText('Sent');

  await network.on();
  await expect(sendState(page)).toHaveText(/^Sent\b/);
  await expect(page.getByRole('status').filter({ hasText: 'Nothing waiting to be sent.' })).toBeVisible();
  await page.reload();
  await expect(sendState(page)).toHaveText(/^Sent\b/);
  await expectAccessible(page, 'recipient run sent');

  // The document screen lists it as sent, too.
  await page.getByRole('link', { name: INCIDENT }).first().click();
  await expect(page.getByRole('heading', { name: 'Finished earlier on this device' })).toBeVisible();
  await expect(page.locator('.work-card .run-send-state')).toHaveText('Sent');

  // The creator's list of links counts it (relay-owned submissionCount, through the change feed).
  await expect(linkRow(adminPage, 'Contractors')).toContainText('1 submitted');
  await expect(linkRow(adminPage, 'Contractors')).toContainText('Opened by 1 person, no limit');
  await recipient.close();
  await admin.close();
});

test('a second link opened in a tab already on /s (only the fragment changes) opens that link, not the previous one’s state', async ({ browser }) => {
  const admin = await browser.newContext();
  const adminPage = await admin.newPage();
  await signUpAdmin(adminPage);
  const first = await createExternalLink(adminPage, 'Old visitors');
  const second = await createExternalLink(adminPage, 'New visitors');
  await linkRow(adminPage, 'Old visitors').getByRole('button', { name: 'Revoke link for Old visitors' }).click();
  await adminPage.getByRole('button', { name: 'Revoke link', exact: true }).click();
  await expect(adminPage.getByRole('status').filter({ hasText: '“Old visitors” is revoked.' })).toBeVisible();

  const recipient = await browser.newContext();
  const page = await recipient.newPage();
  await page.goto(first);
  await expect(page.getByText('This link was turned off by the sender.')).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/s');

  // Same document, new fragment: no page load.
  const marker = await page.evaluate(() => {
    (window as unknown as { sameDocument: boolean }).sameDocument = true;
    return true;
  });
  expect(marker).toBe(true);
  await page.goto(second);
  await expect(page.getByRole('heading', { name: INCIDENT, level: 1 })).toBeVisible();
  await expect(page.getByText('Sent to you by Ana Admin')).toBeVisible();
  await expect(page.getByText('This link was turned off by the sender.')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  const token = new URL(second).hash.slice(1);
  expect(page.url()).not.toContain(token);
  expect(new URL(page.url()).pathname).toMatch(/^\/s\/[0-9a-f-]{36}$/);
  await recipient.close();
  await admin.close();
});
