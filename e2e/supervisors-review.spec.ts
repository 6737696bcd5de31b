import { expect, test, type Browser, type Page } from '@playwright/test';
import { inviteLinkFrom, submitSignUp, uniqueEmail, waitForServiceWorkerControl } from './support/fixtures';
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

interface Person {
  readonly page: Page;
  readonly email: string;
}

/** The first account signs up at the relay's address; later ones open an invite link from an admin. */
async function signUp(browser: Browser, name: string, inviteLink?: string): Promise<Person> {
  const page = await (await browser.newContext()).newPage();
  const email = uniqueEmail(name.split(' ')[0]?.toLowerCase() ?? 'user');
  await submitSignUp(page, inviteLink ?? relay.url, { name: name, email, password: PASSWORD });
  await expect(page.getByRole('link', { name: 'Settings' })).toBeVisible({ timeout: 30_000 });
  return { page, email };
}

/** Start the LOTO procedure, answer its first field and wait until the relay has it; returns the run's path. */
async function startLoto(page: Page, conveyor: string): Promise<string> {
  await page.getByRole('link', { name: 'Library' }).click();
  await page.getByRole('link', { name: LOTO }).click();
  await page.getByRole('button', { name: 'Start procedure' }).click();
  await page.waitForURL(/\/run\//);
  await page.getByRole('textbox', { name: 'Conveyor ID' }).fill(conveyor);
  await page.getByRole('textbox', { name: 'Conveyor ID' }).blur();
  await expect(syncLine(page)).toHaveText('All changes saved on the relay', { timeout: 30_000 });
  return new URL(page.url()).pathname;
}

test("an admin on a fresh device opens a member's run by its address: fetched from the relay, read-only, with who and when beside each answer", async ({
  browser,
}) => {
  const admin = await signUp(browser, 'Ada Admin');
  const crew = await signUp(browser, 'Casey Crew', await inviteLinkFrom(admin.page));
  const runPath = await startLoto(crew.page, 'CV-101');

  // A new browser (no local copy) whose change feed brings nothing: only the run's own route can.
  const fresh = await browser.newContext();
  await fresh.route('**/api/changes*', (route) => route.abort());
  const reviewer = await fresh.newPage();
  await reviewer.goto(relay.url);
  await reviewer.getByLabel('Email').fill(admin.email);
  await reviewer.getByLabel('Password').fill(PASSWORD);
  await reviewer.getByRole('button', { name: 'Sign in' }).click();
  await expect(reviewer.getByRole('link', { name: 'Settings' })).toBeVisible({ timeout: 30_000 });

  await reviewer.goto(`${relay.url}${runPath}`);
  await expect(reviewer.getByRole('heading', { name: LOTO, level: 1 })).toBeVisible({ timeout: 30_000 });
  await expect(reviewer.getByText(/reviewing someone else's run/)).toBeVisible();
  const conveyor = reviewer.getByRole('textbox', { name: 'Conveyor ID' });
  await expect(conveyor).toHaveValue('CV-101', { timeout: 30_000 });
  await expect(conveyor).not.toBeEditable();
  const field = reviewer.locator('.run-field').filter({ has: conveyor });
  await expect(field.locator('.written-by')).toHaveText(/^Answered by Casey Crew · (today )?\d{1,2}:\d{2}.* · on device [A-Za-z0-9_-]{1,8}$/, { timeout: 30_000 });
  await expect(reviewer.getByText(/not on this device/)).toHaveCount(0);
  await Promise.all([admin.page.context().close(), crew.page.context().close(), fresh.close()]);
});

test("a member opening the admin's run is told they may not read it; an unknown run says there is no such run; offline says it is not on this device", async ({ browser }) => {
  const admin = await signUp(browser, 'Ada Admin');
  const crew = await signUp(browser, 'Casey Crew', await inviteLinkFrom(admin.page));
  const adminRun = await startLoto(admin.page, 'CV-900');

  await crew.page.goto(`${relay.url}${adminRun}`);
  await expect(crew.page.getByRole('heading', { name: 'Run not available', level: 1 })).toBeVisible({ timeout: 30_000 });
  await expect(crew.page.getByText(/^You may not read this run\./)).toBeVisible();
  await expect(crew.page.getByText(/not on this device/)).toHaveCount(0);

  await crew.page.goto(`${relay.url}/run/${crypto.randomUUID()}`);
  await expect(crew.page.getByText(/^No such run/)).toBeVisible({ timeout: 30_000 });
  await expect(crew.page.getByText(/not on this device/)).toHaveCount(0);

  // Only offline is "not on this device" true and all there is to say.
  await waitForServiceWorkerControl(crew.page);
  await crew.page.context().setOffline(true);
  await crew.page.goto(`${relay.url}${adminRun}`);
  await expect(crew.page.getByText(/^This run is not on this device, and the relay cannot be reached to fetch it\. It may not have synced yet/)).toBeVisible({
    timeout: 30_000,
  });
  await Promise.all([admin.page.context().close(), crew.page.context().close()]);
});

test('Activity says who did each thing: "you" on your own device, the member\'s name on the admin\'s, also offline', async ({ browser }) => {
  const admin = await signUp(browser, 'Ada Admin');
  const crew = await signUp(browser, 'Casey Crew', await inviteLinkFrom(admin.page));
  await startLoto(crew.page, 'CV-202');

  await crew.page.getByRole('link', { name: 'Activity' }).click();
  const own = crew.page.getByRole('listitem').filter({ hasText: LOTO });
  await expect(own.getByText('You started this procedure')).toBeVisible({ timeout: 30_000 });

  await admin.page.getByRole('link', { name: 'Activity' }).click();
  const theirs = admin.page.getByRole('listitem').filter({ hasText: LOTO });
  await expect(theirs.getByText('Casey Crew started this procedure')).toBeVisible({ timeout: 30_000 });

  // The names are kept on the device: offline after a reload they are still there.
  await waitForServiceWorkerControl(admin.page);
  await admin.page.context().setOffline(true);
  await admin.page.reload();
  await expect(admin.page.getByRole('listitem').filter({ hasText: LOTO }).getByText('Casey Crew started this procedure')).toBeVisible({ timeout: 30_000 });
  await Promise.all([admin.page.context().close(), crew.page.context().close()]);
});

test("a recipient's submission: Activity names them by the link they came through, and the answers say so too", async ({ browser }) => {
  const admin = await signUp(browser, 'Ada Admin');
  await admin.page.getByRole('link', { name: 'Incident report' }).click();
  await admin.page.getByRole('link', { name: 'Share' }).click();
  await admin.page.getByRole('radio', { name: 'Anyone with the link (no account needed)' }).check();
  await admin.page.getByLabel('Label (optional)').fill('Contractors');
  await admin.page.getByRole('button', { name: 'Create link' }).click();
  const field = admin.page.getByRole('textbox', { name: 'Link for Contractors' });
  await expect(field).toHaveValue(/\/s#[A-Za-z0-9_-]{22,}$/);
  await expect(admin.page.getByRole('listitem').filter({ has: admin.page.getByRole('heading', { name: 'Contractors' }) }).getByText('Active', { exact: true })).toBeVisible({
    timeout: 30_000,
  });
  const url = await field.inputValue();

  const recipient = await (await browser.newContext()).newPage();
  await recipient.goto(url);
  await recipient.getByRole('button', { name: 'Start form' }).click();
  await recipient.getByLabel('Date of incident').fill('2025-03-14');
  await recipient.getByLabel('Time (24 h, HH:MM)').fill('14:05');
  await recipient.getByLabel('Location / area').fill('Dock 4 loading bay');
  await recipient.getByLabel('Type of incident').selectOption('Near miss');
  await recipient.getByLabel('People involved').fill('2');
  await recipient.getByLabel('What happened?').fill('A pallet slid off the forks.');
  await recipient.getByLabel('Immediate actions taken').fill('Cordoned off the bay.');
  await recipient.getByLabel('Supervisor notified').check();
  await recipient.getByRole('button', { name: 'Submit' }).click();
  await expect(recipient.getByRole('status').filter({ hasText: 'Nothing waiting to be sent.' })).toBeVisible({ timeout: 30_000 });

  await admin.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
  const received = admin.page.getByRole('listitem').filter({ hasText: 'Form received' });
  await expect(received.getByText('A recipient via Contractors sent this form to you')).toBeVisible({ timeout: 30_000 });
  const submitted = admin.page.getByRole('listitem').filter({ hasText: 'Form submitted' });
  await expect(submitted.getByText('A recipient via Contractors submitted this form')).toBeVisible({ timeout: 30_000 });

  await received.getByRole('link', { name: /Open run/ }).click();
  const location = admin.page.getByLabel('Location / area');
  await expect(location).toHaveValue('Dock 4 loading bay', { timeout: 30_000 });
  await expect(admin.page.locator('.run-field').filter({ has: location }).locator('.written-by')).toHaveText(/^Answered by a recipient via Contractors · /);
  await Promise.all([admin.page.context().close(), recipient.context().close()]);
});
