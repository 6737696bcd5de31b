import { expect, test } from '@playwright/test';
import { expectAccessible, uniqueEmail, waitForServiceWorkerControl } from './support/fixtures';
import { startRelay, type RunningRelay } from './support/relay';

const PASSWORD = 'correct-horse-battery';
const SEEDED = ['Lockout/tagout (LOTO) for conveyor maintenance', 'Vehicle pre-trip inspection', 'Incident report'];

let relay: RunningRelay;
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  await relay.stop();
});

test('a new workspace: sign up as admin, see the seeded library, then it opens with no network at all', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(relay.url);

  await expect(page.getByRole('heading', { name: 'Create an account' })).toBeVisible();
  await expectAccessible(page, 'sign-up');
  await page.getByLabel('Name').fill('Ana Admin');
  await page.getByLabel('Email').fill(uniqueEmail('admin'));
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();

  for (const title of SEEDED) await expect(page.getByRole('link', { name: title })).toBeVisible();
  await expectAccessible(page, 'library');

  // Filter and search work on the local library.
  await page.getByRole('button', { name: 'Checklists' }).click();
  await expect(page.getByRole('link', { name: 'Vehicle pre-trip inspection' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Incident report' })).toHaveCount(0);
  await page.getByRole('button', { name: 'All' }).click();
  await page.getByLabel('Search documents').fill('incident');
  await expect(page.getByRole('link', { name: 'Incident report' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Vehicle pre-trip inspection' })).toHaveCount(0);
  await page.getByLabel('Search documents').fill('');

  await page.getByRole('link', { name: 'Incident report' }).click();
  await expect(page.getByRole('heading', { name: 'Incident report', level: 1 })).toBeVisible();
  await expectAccessible(page, 'document');

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByText('admin', { exact: false }).first()).toBeVisible();
  await expectAccessible(page, 'settings');

  await waitForServiceWorkerControl(page);

  // Cut the network for real: the relay is gone and the browser is offline.
  await relay.stop();
  await context.setOffline(true);
  await page.goto(`${relay.url}/library`);
  for (const title of SEEDED) await expect(page.getByRole('link', { name: title })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Offline' }).first()).toBeVisible();

  // A deep link also comes up offline (SPA fallback from the precache).
  await page.goto(`${relay.url}/settings`);
  await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  await context.close();
});

test('an admin invites a second member through the Invites screen; the member joins by the link and sees the same library; a wrong password is refused', async ({ browser }) => {
  const admin = await browser.newContext();
  const adminPage = await admin.newPage();
  await adminPage.goto(relay.url);
  await adminPage.getByLabel('Name').fill('Ana Admin');
  await adminPage.getByLabel('Email').fill(uniqueEmail('admin'));
  await adminPage.getByLabel('Password').fill(PASSWORD);
  await adminPage.getByRole('button', { name: 'Create account' }).click();
  await expect(adminPage.getByRole('link', { name: SEEDED[0] ?? '' })).toBeVisible();
  const email = uniqueEmail('member');

  // The admin makes an invite bound to the member's e-mail and gets a link with a QR code.
  await adminPage.getByRole('link', { name: 'Settings' }).click();
  await adminPage.getByRole('link', { name: 'Invites and people' }).click();
  await expect(adminPage.getByRole('heading', { name: 'Invites and people', level: 1 })).toBeVisible();
  await adminPage.getByLabel('Email (optional)').fill(email);
  await adminPage.getByRole('button', { name: 'Create invite' }).click();
  const linkField = adminPage.getByRole('textbox', { name: `Link for the invite for ${email}` });
  await expect(linkField).toHaveValue(new RegExp(`^${relay.url}/join#[A-Za-z0-9_-]{22}$`));
  await expect(adminPage.getByRole('img', { name: `QR code for the link for the invite for ${email}` })).toBeVisible();
  await expect(adminPage.getByRole('listitem').filter({ hasText: email }).getByText('Open', { exact: true })).toBeVisible();
  await expectAccessible(adminPage, 'invites');
  const invite = await linkField.inputValue();

  const member = await browser.newContext();
  const page = await member.newPage();
  await page.goto(relay.url);
  // The workspace has an account now, so sign-in comes first; sign-up without an invite is refused.
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(page, 'sign-in');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Name').fill('Walk In');
  await page.getByLabel('Email').fill(uniqueEmail('walk-in'));
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'This workspace needs an invite to sign up; ask an admin for one.' })).toBeVisible();

  // The invite link opens the join screen, and the code leaves the address bar at once.
  await page.goto(invite);
  await expect(page.getByRole('heading', { name: 'Join the workspace' })).toBeVisible();
  expect(new URL(page.url()).hash).toBe('');
  expect(new URL(page.url()).pathname).toBe('/join');
  await expectAccessible(page, 'join');
  await page.getByLabel('Name').fill('Max Member');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  for (const title of SEEDED) await expect(page.getByRole('link', { name: title })).toBeVisible();

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('heading', { name: /Sign in/ })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'That email and password do not match an account.' })).toBeVisible();
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  for (const title of SEEDED) await expect(page.getByRole('link', { name: title })).toBeVisible();
  await member.close();

  // The invite is used up; the admin can sign the member out everywhere.
  await adminPage.reload();
  await expect(adminPage.getByRole('listitem').filter({ hasText: email }).getByText('Used', { exact: true })).toBeVisible();
  await adminPage.getByRole('button', { name: 'Sign Max Member out everywhere' }).click();
  await adminPage.getByRole('dialog').getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(adminPage.getByRole('status').filter({ hasText: 'Max Member is signed out on every device.' })).toBeVisible();
  await admin.close();

  // No password or token ever reached the relay's logs.
  expect(relay.logs()).not.toContain(PASSWORD);
  expect(relay.logs()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
});
