import { expect, test } from '@playwright/test';
import type { BrowserContext, Page, WebSocketRoute } from '@playwright/test';
import { expectAccessible, submitSignUp, uniqueEmail } from './support/fixtures';
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

async function signUpAdmin(page: Page): Promise<string> {
  const email = uniqueEmail('admin');
  await submitSignUp(page, relay.url, { name: 'Ana Admin', email, password: PASSWORD });
  await expect(page.getByRole('link', { name: INCIDENT })).toBeVisible();
  return email;
}

/** On the share screen of the incident report: make a link and return its address once the relay has it. */
async function createLink(page: Page, audience: 'internal' | 'external', label: string): Promise<string> {
  await page.getByRole('radio', { name: audience === 'external' ? 'Anyone with the link (no account needed)' : 'Workspace members (they sign in)' }).check();
  await page.getByLabel('Label (optional)').fill(label);
  await page.getByRole('button', { name: 'Create link' }).click();
  const field = page.getByRole('textbox', { name: `Link for ${label}` });
  await expect(field).toHaveValue(/\/s#[A-Za-z0-9_-]{22,}$/);
  // The outbox has delivered the link: it is no longer "waiting to activate".
  const row = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: label }) });
  await expect(row.getByText('Active', { exact: true })).toBeVisible();
  return field.inputValue();
}

async function openShareScreen(page: Page): Promise<void> {
  await page.getByRole('link', { name: INCIDENT }).click();
  await page.getByRole('link', { name: 'Share' }).click();
  await expect(page.getByRole('heading', { name: `Share “${INCIDENT}”` })).toBeVisible();
}

/**
 * Cut this context off the relay for real: the browser reports offline, HTTP to the API fails,
 * new websockets are refused and the open ones are closed (setOffline leaves them open).
 */
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

test('an external link: a recipient without an account fills the form offline, it is sent when back online, and the owner sees it', async ({ browser }) => {
  const admin = await browser.newContext();
  const adminPage = await admin.newPage();
  await signUpAdmin(adminPage);
  await openShareScreen(adminPage);
  await expectAccessible(adminPage, 'share screen');
  const url = await createLink(adminPage, 'external', 'Contractors');
  await expectAccessible(adminPage, 'share screen with a link');

  // A fresh browser with no account opens the link.
  const recipient = await browser.newContext();
  const network = networkSwitch(recipient);
  await network.ready;
  const page = await recipient.newPage();
  await page.goto(url);
  await expect(page.getByRole('heading', { name: INCIDENT, level: 1 })).toBeVisible();
  const token = new URL(url).hash.slice(1);
  expect(page.url()).not.toContain(token);
  expect(page.url()).not.toContain('#');
  await expectAccessible(page, 'recipient document');

  await page.getByRole('button', { name: 'Start form' }).click();
  await page.getByLabel('Date of incident').fill('2025-03-14');
  await page.getByLabel('Time (24 h, HH:MM)').fill('14:05');
  await page.getByLabel('Location / area').fill('Dock 4 loading bay');
  await page.getByLabel('Type of incident').selectOption('Near miss');
  await page.getByLabel('People involved').fill('2');
  await page.getByLabel('What happened?').fill('A pallet slid off the forklift forks while reversing; nobody was hit.');
  await page.getByLabel('Immediate actions taken').fill('Cordoned off the bay and restacked the pallet.');
  await page.getByLabel('Supervisor notified').check();
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved on this device' })).toBeVisible();
  await expectAccessible(page, 'recipient run');

  await network.off();
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Submitted.' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'will be sent when the network returns' })).toBeVisible();
  await expect(page.getByLabel('Location / area')).not.toBeEditable();

  await network.on();
  await expect(page.getByRole('status').filter({ hasText: 'Nothing waiting to be sent.' })).toBeVisible();

  // The owner hears of it live and reads the submitted values, read-only.
  await adminPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
  const received = adminPage.getByRole('listitem').filter({ hasText: 'Form received' });
  await expect(received).toBeVisible();
  await expect(received).toContainText(INCIDENT);
  await received.getByRole('link', { name: /Open run/ }).click();
  await expect(adminPage.getByLabel('Location / area')).toHaveValue('Dock 4 loading bay');
  await expect(adminPage.getByLabel('What happened?')).toHaveValue('A pallet slid off the forklift forks while reversing; nobody was hit.');
  await expect(adminPage.getByLabel('Location / area')).not.toBeEditable();
  await expect(adminPage.getByRole('button', { name: 'Submit' })).toHaveCount(0);

  await recipient.close();
  await admin.close();
  expect(relay.logs()).not.toContain(token);
});

test('an internal link asks for a sign-in and then opens the document; a revoked link says it was turned off', async ({ browser }) => {
  const admin = await browser.newContext();
  const adminPage = await admin.newPage();
  const email = await signUpAdmin(adminPage);
  await openShareScreen(adminPage);
  const internal = await createLink(adminPage, 'internal', 'Crew');
  const revoked = await createLink(adminPage, 'external', 'Old visitors');
  const row = adminPage.getByRole('listitem').filter({ has: adminPage.getByRole('heading', { name: 'Old visitors' }) });
  await row.getByRole('button', { name: 'Revoke link for Old visitors' }).click();
  await adminPage.getByRole('button', { name: 'Revoke link', exact: true }).click();
  await expect(adminPage.getByRole('status').filter({ hasText: '“Old visitors” is revoked.' })).toBeVisible();

  const member = await browser.newContext();
  const page = await member.newPage();
  await page.goto(internal);
  await expect(page.getByRole('heading', { name: 'Sign in to open this link' })).toBeVisible();
  await expectAccessible(page, 'sign in to open');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in and open' }).click();
  await expect(page.getByRole('heading', { name: INCIDENT, level: 1 })).toBeVisible();
  expect(page.url()).toContain('/library/');
  await member.close();

  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await strangerPage.goto(revoked);
  await expect(strangerPage.getByText('This link was turned off by the sender.')).toBeVisible();
  await expectAccessible(strangerPage, 'revoked link');
  await stranger.close();
  await admin.close();
});
