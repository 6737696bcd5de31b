import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, submitSignUp, uniqueEmail } from './support/fixtures';
import { startRelay, type RunningRelay } from './support/relay';

/**
 * Recording what was found (issue 16): readings outside warning limits are kept and flagged,
 * a run can be abandoned and started again, pattern errors say the format, and the form's
 * error summary follows the answers and leads to each field.
 */
const CONFINED = 'Confined space entry';
const INCIDENT = 'Incident report';

let relay: RunningRelay;
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  await relay.stop();
});

async function signUp(page: Page): Promise<void> {
  await submitSignUp(page, relay.url, { name: 'Fiona Field', email: uniqueEmail('found'), password: 'correct-horse-battery' });
  await expect(page.getByRole('link', { name: CONFINED })).toBeVisible();
}

async function start(page: Page, title: string, button: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('button', { name: button }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

const stepDone = (page: Page) => page.getByRole('checkbox', { name: 'Step done' });

async function tickAndNext(page: Page): Promise<void> {
  await stepDone(page).check();
  await expect(stepDone(page)).toBeChecked();
  await expect(stepDone(page)).toHaveAttribute('aria-busy', 'false');
  const next = page.getByRole('button', { name: 'Next' });
  if (await next.isEnabled()) await next.click();
}

test('an 18 % oxygen reading is recorded and flagged on the step, in the run and in Activity', async ({ page }) => {
  await signUp(page);
  await start(page, CONFINED, 'Start procedure');

  await page.getByLabel('Permit number').fill('CSE2025');
  await expect(page.getByLabel('Permit number')).toHaveAccessibleDescription(/Does not match the expected format \(for example CSE-2025-014\)/);
  await page.getByLabel('Permit number').fill('CSE-2025-014');
  await tickAndNext(page);
  await page.getByLabel('Ventilation method').selectOption('Forced air supply');
  await tickAndNext(page);

  // A warning limit never refuses the reading: it is kept, said on the field, and the step can be ticked.
  const oxygen = page.getByLabel('Oxygen (% vol)');
  await oxygen.fill('18');
  await expect(oxygen).toHaveAccessibleDescription(/Recorded and flagged: below the expected range 19\.5–23\.5/);
  await expect(oxygen).toHaveAttribute('aria-invalid', 'false');
  await page.getByLabel('Flammable gas (% LEL)').fill('0');
  await page.getByLabel('Hydrogen sulphide (ppm)').fill('0');
  await page.getByLabel('Carbon monoxide (ppm)').fill('2');
  const summary = page.getByRole('region', { name: '1 reading out of range' });
  await expect(summary).toContainText('Oxygen (% vol): 18 — below the expected range 19.5–23.5');
  await tickAndNext(page);
  await expectAccessible(page, 'flagged reading');

  await page.getByLabel('Attendant name').fill('Sam Attendant');
  await tickAndNext(page);
  await page.getByLabel('Retrieval system rigged and tested').check();
  await tickAndNext(page);
  await page.getByRole('group', { name: /PPE worn/ }).getByLabel('Full-body harness').check();
  await tickAndNext(page);
  await page.getByLabel('Permit closed on').fill('2025-03-04');
  await tickAndNext(page);
  await page.getByRole('button', { name: 'Complete procedure' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Completed.' })).toBeVisible();
  // The stored reading is the real one.
  await expect(page.getByLabel('Oxygen (% vol)')).toHaveCount(0);
  await expect(page.getByRole('region', { name: '1 reading out of range' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
  const completed = page.getByRole('listitem').filter({ hasText: 'Procedure completed' });
  await expect(completed).toContainText('1 reading out of range');
  await expect(completed).toContainText('Test the atmosphere › Oxygen (% vol): 18 (below the expected range 19.5–23.5)');
});

test('an accidental start is abandoned with a reason, leaves In progress and can be started again', async ({ page }) => {
  await signUp(page);
  await start(page, CONFINED, 'Start procedure');
  await page.getByLabel('Permit number').fill('CSE-2025-014');

  await page.getByRole('button', { name: 'Abandon this run…' }).click();
  const reason = page.getByLabel('Reason');
  await expect(reason).toBeFocused();
  await page.getByRole('button', { name: 'Abandon run' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Say why this run is abandoned' })).toBeVisible();
  await reason.fill('Started by mistake');
  await page.getByRole('button', { name: 'Abandon run' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Abandoned.' })).toContainText('Started by mistake');
  await expect(page.getByLabel('Permit number')).not.toBeEditable();
  await expectAccessible(page, 'abandoned run');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' }).click();
  await expect(page.getByRole('region', { name: 'In progress' }).getByText(CONFINED)).toHaveCount(0);
  const finished = page.getByRole('region', { name: 'Finished' });
  await expect(finished.getByRole('listitem').filter({ hasText: CONFINED })).toContainText('Abandoned');
  await expect(finished.getByRole('listitem').filter({ hasText: CONFINED })).toContainText('Reason: Started by mistake');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Run abandoned' })).toContainText('Reason: Started by mistake');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' }).click();
  await finished.getByRole('button', { name: `Start again ${CONFINED}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: CONFINED })).toBeVisible();
  await expect(page.getByLabel('Permit number')).toHaveValue('');
  await expect(page.getByLabel('Permit number')).toBeEditable();
});

test('the error summary follows the fixes, leads to each field, and progress counts only valid answers', async ({ page }) => {
  await signUp(page);
  await start(page, INCIDENT, 'Start form');
  const progress = page.getByRole('progressbar');

  await page.getByLabel('Time (24 h, HH:MM)').fill('7.45');
  await expect(page.getByLabel('Time (24 h, HH:MM)')).toHaveAccessibleDescription(/Does not match the expected format \(for example 07:45\)/);
  await page.getByLabel('Location / area').fill('Tail pulley');
  // An answer in the wrong format is not an answered field.
  await expect(progress).toHaveAccessibleName(/^1 of \d+ fields answered/);

  await page.getByRole('button', { name: 'Submit' }).click();
  const heading = page.getByRole('alert').filter({ hasText: /fields? needs? attention/ });
  await expect(heading).toBeVisible();
  const before = Number((await heading.textContent())?.match(/^(\d+)/)?.[1]);
  expect(before).toBeGreaterThan(1);

  // Each entry is a button that puts focus on its field.
  await page.getByRole('button', { name: /^Time \(24 h, HH:MM\): Does not match/ }).click();
  await expect(page.getByLabel('Time (24 h, HH:MM)')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('07:45');
  await expect(progress).toHaveAccessibleName(/^2 of \d+ fields answered/);

  // The summary drops the fixed field at once.
  await expect(page.getByRole('button', { name: /^Time \(24 h, HH:MM\):/ })).toHaveCount(0);
  await expect(heading).toHaveText(new RegExp(`^${before - 1} fields? needs? attention`));
  await page.getByRole('button', { name: /^What happened\?: / }).click();
  await expect(page.getByLabel('What happened?')).toBeFocused();
  await expectAccessible(page, 'error summary');
});
