import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { inviteLinkFrom } from './support/fixtures';
import { startRelay, type RunningRelay } from './support/relay';
import { shootScreen, visualContext, visualPage } from './support/visual';

/**
 * Screenshot baselines and the computed-style check of the screens before sign-in and of a
 * share-link recipient, at 1024x768, 800x1280 and 390x844. Regenerate with
 * `npx playwright test e2e/visual --update-snapshots`.
 */
const PASSWORD = 'correct-horse-battery';
const INCIDENT = '5eed0000-0000-4000-8000-00000000d005';

let relay: RunningRelay;
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  await relay.stop();
});

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

test('screens before sign-in and a recipient’s screens match their baselines and are field-ready', async ({ browser }) => {
  test.setTimeout(240_000);
  const adminContext = await visualContext(browser);
  const admin = await visualPage(adminContext);

  // No relay answering and nobody signed in on this device yet.
  await admin.route('**/api/workspace', (route) => route.abort('internetdisconnected'));
  await admin.goto(`${relay.url}/welcome`);
  await expect(heading(admin, 'Connect once to sign in')).toBeVisible();
  await shootScreen(admin, 'welcome-offline');
  await admin.unroute('**/api/workspace');

  await admin.goto(relay.url);
  await expect(heading(admin, 'Create an account')).toBeVisible();
  await shootScreen(admin, 'sign-up-first-account');
  await admin.getByLabel('Name').fill('Ana Admin');
  await admin.getByLabel('Email').fill('ana@example.com');
  await admin.getByLabel('Password').fill(PASSWORD);
  await admin.getByRole('button', { name: 'Create account' }).click();
  await expect(admin.getByRole('link', { name: 'Incident report' })).toBeVisible();

  // An external link with no expiry (the fixed clock is in the past for the relay).
  await admin.goto(`${relay.url}/library/${INCIDENT}/share`);
  await admin.getByRole('radio', { name: 'Anyone with the link (no account needed)' }).check();
  await admin.getByRole('radio', { name: 'No expiry' }).check();
  await admin.getByLabel('Label (optional)').fill('Contractors');
  await admin.getByRole('button', { name: 'Create link' }).click();
  const linkField = admin.getByRole('textbox', { name: 'Link for Contractors' });
  await expect(linkField).toHaveValue(/\/s#[A-Za-z0-9_-]{22,}$/);
  await expect(admin.getByRole('listitem').filter({ has: admin.getByRole('heading', { name: 'Contractors' }) }).getByText('Active', { exact: true })).toBeVisible();
  const shareUrl = await linkField.inputValue();
  const inviteUrl = await inviteLinkFrom(admin, { role: 'member' });

  // A second person's device: sign-in, an incomplete invite link, then the real one.
  const memberContext = await visualContext(browser);
  const member = await visualPage(memberContext);
  await member.goto(`${relay.url}/sign-in`);
  await expect(heading(member, 'Sign in')).toBeVisible();
  await shootScreen(member, 'sign-in');
  await member.getByLabel('Email').fill('ana@example.com');
  await member.getByLabel('Password').fill('not-the-password');
  await member.getByRole('button', { name: 'Sign in' }).click();
  await expect(member.getByRole('alert')).toBeVisible();
  await shootScreen(member, 'sign-in-refused');
  await member.goto(`${relay.url}/join`);
  await expect(heading(member, 'Invite link not complete')).toBeVisible();
  await shootScreen(member, 'join-incomplete');
  await member.goto('about:blank'); // from /join, the link would only change the fragment
  await member.goto(inviteUrl);
  await expect(member.getByLabel('Name')).toBeVisible();
  await shootScreen(member, 'join');
  await memberContext.close();

  // A recipient with no account.
  const recipientContext = await visualContext(browser);
  const recipient = await visualPage(recipientContext);
  await recipient.goto(`${relay.url}/s`);
  await expect(heading(recipient, /./)).toBeVisible();
  await shootScreen(recipient, 'recipient-entry-no-links');
  await recipient.goto('about:blank'); // from /s, the link would only change the fragment
  await recipient.goto(shareUrl);
  await expect(heading(recipient, 'Incident report')).toBeVisible();
  await shootScreen(recipient, 'recipient-document');
  await recipient.getByRole('button', { name: 'Start form' }).click();
  await expect(recipient.getByLabel('Location / area')).toBeVisible();
  await shootScreen(recipient, 'recipient-run');
  await recipient.getByRole('button', { name: 'Submit' }).click();
  await expect(recipient.locator('[aria-invalid="true"]').first()).toBeVisible();
  await shootScreen(recipient, 'recipient-run-errors');
  await recipient.getByLabel('Date of incident').fill('2025-03-14');
  await recipient.getByLabel('Time (24 h, HH:MM)').fill('08:05');
  await recipient.getByLabel('Location / area').fill('Dock 4 loading bay');
  await recipient.getByLabel('Type of incident').selectOption('Near miss');
  await recipient.getByLabel('People involved').fill('2');
  await recipient.getByLabel('What happened?').fill('A pallet slid off the forklift forks while reversing; nobody was hit.');
  await recipient.getByLabel('Immediate actions taken').fill('Cordoned off the bay and restacked the pallet.');
  await recipient.getByLabel('Supervisor notified').check();
  await recipient.getByRole('button', { name: 'Submit' }).click();
  await expect(recipient.getByRole('status').filter({ hasText: 'Nothing waiting to be sent.' })).toBeVisible({ timeout: 30_000 });
  await shootScreen(recipient, 'recipient-run-sent');
  await recipient.goto(`${relay.url}/s`);
  await expect(heading(recipient, 'Shared with you')).toBeVisible();
  await shootScreen(recipient, 'recipient-entry');
  await recipientContext.close();
  await adminContext.close();
});
