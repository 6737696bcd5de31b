import { expect, test, type Browser, type Page } from '@playwright/test';
import { inviteLinkFrom, submitSignUp, uniqueEmail } from './support/fixtures';
import { startRelay, type RunningRelay } from './support/relay';

const PASSWORD = 'correct-horse-battery';
const LOTO = 'Lockout/tagout (LOTO) for conveyor maintenance';

let relay: RunningRelay;
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  await relay.stop();
});

const syncLine = (page: Page) => page.getByRole('banner').getByText(/All changes saved on the relay|waiting to sync|Offline — changes|could not sync|Checking sync/);

/** The first account signs up at the relay's address; later ones open an invite link from an admin. */
async function signUp(browser: Browser, name: string, inviteLink?: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await submitSignUp(page, inviteLink ?? relay.url, { name: name, email: uniqueEmail(name.split(' ')[0]?.toLowerCase() ?? 'user'), password: PASSWORD });
  await expect(page.getByRole('link', { name: 'Settings' })).toBeVisible({ timeout: 30_000 });
  return page;
}

test("an admin opens a member's run read-only: nothing waits to sync and sign-out does not warn", async ({ browser }) => {
  // The first account is the workspace admin; the second a member who joins by invite.
  const admin = await signUp(browser, 'Ada Admin');
  const crew = await signUp(browser, 'Casey Crew', await inviteLinkFrom(admin));

  await crew.getByRole('link', { name: LOTO }).click();
  await crew.getByRole('button', { name: 'Start procedure' }).click();
  await crew.waitForURL(/\/run\//);
  await crew.getByRole('textbox', { name: 'Conveyor ID' }).fill('CV-101');
  await crew.getByRole('textbox', { name: 'Conveyor ID' }).blur();
  await expect(crew.getByText('All changes saved on this device')).toBeVisible({ timeout: 30_000 });
  await expect(syncLine(crew)).toHaveText('All changes saved on the relay', { timeout: 30_000 });
  const runPath = new URL(crew.url()).pathname;

  // The admin's device receives the member's run through the change feed and opens it from Activity.
  await admin.getByRole('link', { name: 'Activity' }).click();
  await admin.getByRole('listitem').filter({ hasText: LOTO }).getByRole('link', { name: /^Open run/ }).click({ timeout: 30_000 });
  await admin.waitForURL((url) => url.pathname === runPath);
  await expect(admin.getByRole('heading', { name: LOTO, level: 1 })).toBeVisible({ timeout: 30_000 });
  await expect(admin.getByText(/reviewing someone else's run/)).toBeVisible();
  await expect(admin.getByRole('textbox', { name: 'Conveyor ID' })).toHaveValue('CV-101', { timeout: 30_000 });
  await expect(admin.getByRole('textbox', { name: 'Conveyor ID' })).not.toBeEditable();
  await expect(syncLine(admin)).toHaveText('All changes saved on the relay', { timeout: 30_000 });

  // Leave the run: still nothing pending, and signing out asks nothing.
  await admin.getByRole('link', { name: 'Settings' }).click();
  await expect(syncLine(admin)).toHaveText('All changes saved on the relay');
  await admin.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(admin.getByRole('heading', { name: /Sign in/ })).toBeVisible({ timeout: 30_000 });
  await expect(admin.getByText('Sign out with changes not yet synced?')).toHaveCount(0);
  await Promise.all([admin.context().close(), crew.context().close()]);
});

test('an archived document can no longer be started or shared', async ({ browser }) => {
  const admin = await signUp(browser, 'Ada Admin');
  await admin.getByRole('link', { name: LOTO }).click();
  await expect(admin.getByRole('button', { name: 'Start procedure' })).toBeVisible();
  const documentPath = new URL(admin.url()).pathname;
  await admin.getByRole('button', { name: 'Archive' }).click();
  await admin.getByRole('dialog', { name: `Archive “${LOTO}”?` }).getByRole('button', { name: 'Archive' }).click();
  await expect(admin.getByText('This document is archived: it cannot be started or shared.')).toBeVisible();
  await expect(admin.getByRole('button', { name: 'Start procedure' })).toHaveCount(0);
  await expect(admin.getByRole('link', { name: 'Share', exact: true })).toHaveCount(0);

  // The share screen itself offers no form for it either.
  await admin.goto(`${relay.url}${documentPath}/share`);
  await expect(admin.getByText('This document is archived: no new links can be made.')).toBeVisible({ timeout: 30_000 });
  await expect(admin.getByRole('button', { name: /Create link/ })).toHaveCount(0);
  await admin.context().close();
});
