import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, submitSignUp, uniqueEmail, waitForServiceWorkerControl } from './support/fixtures';
import { answer, expectAnswer, expectUnanswered, PRETRIP_REQUIRED, PRETRIP_VEHICLE, responseButton, responsePart } from './support/answers';
import { startRelay, type RunningRelay } from './support/relay';

const PASSWORD = 'correct-horse-battery';
const LOTO = 'Lockout/tagout (LOTO) for conveyor maintenance';
const PRE_TRIP = 'Vehicle pre-trip inspection';
const INCIDENT = 'Incident report';
const RUN_NAME = 'Pre-trip — Ute 14';
const OIL = 'Engine oil between min and max';

let relay: RunningRelay;
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  await relay.stop();
});

/** Every change on screen is committed to IndexedDB: nothing busy, and the runner says so. */
async function expectSaved(page: Page): Promise<void> {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved on this device' })).toBeVisible();
}

async function reloadRun(page: Page, title: string): Promise<void> {
  await expectSaved(page);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

async function start(page: Page, title: string, button: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('button', { name: button }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page).toHaveURL(/\/run\/[0-9a-f-]{36}$/);
}

const stepDone = (page: Page) => page.getByRole('checkbox', { name: 'Step done' });
const overviewStep = (page: Page, title: string) =>
  page.getByRole('navigation', { name: 'All steps' }).getByRole('button', { name: new RegExp(`^${title.replace(/[()]/g, '\\$&')}`) });

async function tickStep(page: Page): Promise<void> {
  await stepDone(page).check();
  await expect(stepDone(page)).toBeChecked();
  await expect(stepDone(page)).toHaveAttribute('aria-busy', 'false');
}

test('with the network cut: run a procedure, a checklist and a form across reloads, finish them, and see every event', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await submitSignUp(page, relay.url, { name: 'Fiona Field', email: uniqueEmail('field'), password: PASSWORD });
  for (const title of [LOTO, PRE_TRIP, INCIDENT]) await expect(page.getByRole('link', { name: title })).toBeVisible();
  await waitForServiceWorkerControl(page);

  await relay.stop();
  await context.setOffline(true);

  // ------------------------------------------------------------ procedure
  await start(page, LOTO, 'Start procedure');
  await expect(page.getByText('Step 1 of 9')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Complete procedure' })).toBeDisabled();
  await expectAccessible(page, 'procedure runner');

  // A step with an unanswered required field cannot be ticked; its field says why.
  await stepDone(page).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Fill in the fields of this step' })).toBeVisible();
  await expect(stepDone(page)).not.toBeChecked();
  await expect(page.getByLabel('Conveyor ID')).toHaveAccessibleDescription(/Required/);

  await page.getByLabel('Conveyor ID').fill('CV1');
  await expect(page.getByLabel('Conveyor ID')).toHaveAccessibleDescription(/Does not match the expected format/);
  await page.getByLabel('Conveyor ID').fill('CV-104');
  await expect(page.getByLabel('Conveyor ID')).toHaveAttribute('aria-invalid', 'false');
  await tickStep(page);
  await page.getByLabel('Note for this step').fill('Told operators on line 3 and the shift lead.');

  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Step 2 of 9')).toBeVisible();
  const sources = page.getByRole('group', { name: /Energy sources present/ });
  await sources.getByLabel('Electrical').check();
  await sources.getByLabel('Gravity (take-up counterweight)').check();
  await tickStep(page);

  await page.getByRole('button', { name: 'Next' }).click();
  await tickStep(page);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Isolate at the disconnect' })).toBeVisible();
  await page.getByLabel('Isolation points used').fill('MCC-3 bucket 7 disconnect; air valve AV-12 closed');
  await tickStep(page);

  // Reload in the middle: the run reopens on the same step with everything kept.
  await reloadRun(page, LOTO);
  await expect(page.getByText('Step 4 of 9')).toBeVisible();
  await expect(page.getByLabel('Isolation points used')).toHaveValue('MCC-3 bucket 7 disconnect; air valve AV-12 closed');
  await expect(stepDone(page)).toBeChecked();
  await expect(page.getByText('4 of 9 steps done')).toBeVisible();
  await overviewStep(page, 'Notify affected employees').click();
  await expect(page.getByLabel('Conveyor ID')).toHaveValue('CV-104');
  // The note is kept as an entry of the step's notes, with who wrote it; the box is for a new one.
  const note = page.locator('.note-entry').filter({ hasText: 'Told operators on line 3 and the shift lead.' });
  await expect(note).toContainText('You, on this device');
  await expect(page.getByLabel('Add a note')).toHaveValue('');
  await expect(stepDone(page)).toBeChecked();
  await overviewStep(page, 'Identify every energy source').click();
  await expect(sources.getByLabel('Electrical')).toBeChecked();
  await expect(sources.getByLabel('Gravity (take-up counterweight)')).toBeChecked();
  await expect(sources.getByLabel('Hydraulic')).not.toBeChecked();

  await overviewStep(page, 'Apply personal lock and tag').click();
  await page.getByLabel('Personal lock number').fill('4821');
  await page.getByLabel('Number of locks on the hasp').fill('2');
  await tickStep(page);
  await page.getByRole('button', { name: 'Next' }).click();
  await tickStep(page);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Measured voltage at motor terminals (V)').fill('0');
  await page.getByLabel('Start pressed, conveyor did not move').check();
  await tickStep(page);
  await page.getByRole('button', { name: 'Next' }).click();
  await tickStep(page);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Step 9 of 9')).toBeVisible();
  await page.getByLabel('All guards refitted').check();
  await page.getByLabel('Date returned to service').fill('2025-03-14');
  await tickStep(page);
  await expect(page.getByText('9 of 9 steps done')).toBeVisible();

  await page.getByRole('button', { name: 'Complete procedure' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'This run is finished' })).toBeVisible();
  // The confirmation is brought into view with focus on it, and says what was finished.
  const notice = page.locator('.finished-notice');
  await expect(notice).toBeFocused();
  await expect(notice).toBeInViewport();
  await expect(notice.locator('.finished-summary')).toHaveText(/^Completed .+ · took \d+ min · 100% answered$/);
  await expect(page.getByRole('button', { name: 'Run again' })).toBeVisible();
  await expect(stepDone(page)).toBeDisabled();
  await expect(page.getByLabel('Date returned to service')).not.toBeEditable();
  await expect(page.getByRole('textbox', { name: /note/i })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Complete procedure' })).toHaveCount(0);
  await expectAccessible(page, 'finished procedure');

  // ------------------------------------------------------------ checklist
  await start(page, PRE_TRIP, 'Start checklist');
  await expect(page.getByRole('button', { name: 'Complete checklist' })).toBeDisabled();
  await expectAccessible(page, 'checklist runner');
  const walkAround = page.getByRole('region', { name: 'Walk-around' });
  await page.getByLabel(PRETRIP_VEHICLE).fill('Ute 14');
  const firstHalf = PRETRIP_REQUIRED.slice(0, 5);
  for (const label of firstHalf) await answer(page, label, 'Pass');
  // The oil is low: a failed required item is flagged and asks for a note.
  await answer(page, OIL, 'Fail');
  await expect(responsePart(page, OIL).getByText('Flagged', { exact: true })).toBeVisible();
  await expect(walkAround.getByText('5 of 6 answered')).toBeVisible();

  await reloadRun(page, RUN_NAME);
  for (const label of firstHalf) await expectAnswer(page, label, 'Pass');
  await expectAnswer(page, OIL, 'Fail');
  await expectUnanswered(page, 'Mine flag and beacon fitted (site vehicles)');
  await expect(page.getByLabel(PRETRIP_VEHICLE)).toHaveValue('Ute 14');
  await expect(walkAround.getByText('5 of 6 answered')).toBeVisible();
  await expect(page.getByText('7 of 18 answered')).toBeVisible();

  for (const label of PRETRIP_REQUIRED.slice(6)) await answer(page, label, 'Pass');
  await expectSaved(page);
  await page.getByRole('button', { name: 'Complete checklist' }).click();
  await expect(page.getByRole('alert').filter({ hasText: `Add a note about what you found before completing: ${OIL}.` })).toBeVisible();
  await page.getByRole('textbox', { name: /^(Note for this item|Your note)$/ }).fill('Half a litre under min; topped up from the depot stock.');
  await expectSaved(page);
  await page.getByRole('button', { name: 'Complete checklist' }).click();
  await expect(page.getByRole('button', { name: 'Run again' })).toBeVisible();
  await expect(responseButton(page, 'Wipers clear the screen', 'Pass')).toBeDisabled();
  await expectAnswer(page, 'Wipers clear the screen', 'Pass');
  await expect(page.getByRole('region', { name: 'Found: 1 flagged' })).toContainText(OIL);

  // ------------------------------------------------------------ form
  await start(page, INCIDENT, 'Start form');
  await expectAccessible(page, 'form runner');
  await page.getByLabel('Date of incident').fill('2025-03-14');
  await page.getByLabel('Time (24 h, HH:MM)').fill('25:10');
  await expect(page.getByLabel('Time (24 h, HH:MM)')).toHaveAccessibleDescription(/Does not match the expected format/);
  await page.getByLabel('Time (24 h, HH:MM)').fill('14:05');
  await expect(page.getByLabel('Time (24 h, HH:MM)')).toHaveAttribute('aria-invalid', 'false');
  await page.getByLabel('Location / area').fill('Conveyor CV-104 tail pulley');
  await page.getByLabel('Type of incident').selectOption('Near miss');
  await page.getByRole('group', { name: /Contributing factors/ }).getByLabel('Fatigue').check();
  await page.getByLabel('People involved').fill('51');
  await expect(page.getByLabel('People involved')).toHaveAccessibleDescription(/Must be at most 50/);
  await page.getByLabel('People involved').fill('1');
  await page.getByLabel('What happened?').fill('Too short');
  await expect(page.getByLabel('What happened?')).toHaveAccessibleDescription(/At least 20 characters/);

  await reloadRun(page, INCIDENT);
  await expect(page.getByLabel('Date of incident')).toHaveValue('2025-03-14');
  await expect(page.getByLabel('Time (24 h, HH:MM)')).toHaveValue('14:05');
  await expect(page.getByLabel('Location / area')).toHaveValue('Conveyor CV-104 tail pulley');
  await expect(page.getByLabel('Type of incident')).toHaveValue('Near miss');
  await expect(page.getByRole('group', { name: /Contributing factors/ }).getByLabel('Fatigue')).toBeChecked();
  await expect(page.getByLabel('People involved')).toHaveValue('1');
  await expect(page.getByLabel('What happened?')).toHaveValue('Too short');

  // Submit checks the whole form and puts each problem beside its field.
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '3 fields need attention' })).toBeVisible();
  await expect(page.getByLabel('What happened?')).toHaveAccessibleDescription(/At least 20 characters/);
  await expect(page.getByLabel('Immediate actions taken')).toHaveAccessibleDescription(/Required/);
  await expect(page.getByLabel('Supervisor notified')).toHaveAccessibleDescription(/Must be ticked/);
  await expect(page.getByLabel('What happened?')).toBeFocused();
  await expectAccessible(page, 'form runner with errors');

  await page.getByLabel('What happened?').fill('Belt tracked off the tail pulley while the guard was open; nobody was in reach.');
  await page.getByLabel('Immediate actions taken').fill('Stopped the line, locked out, refitted the guard.');
  await page.getByLabel('Supervisor notified').check();
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Submitted.' })).toBeVisible();
  await expect(page.getByLabel('Location / area')).not.toBeEditable();
  await expect(page.getByLabel('Type of incident')).toBeDisabled();

  // Run again starts a fresh instance of the same document.
  await page.getByRole('button', { name: 'Run again' }).click();
  await expect(page.getByLabel('Location / area')).toHaveValue('');
  await expect(page.getByLabel('Location / area')).toBeEditable();

  // ------------------------------------------------------------ my work
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' }).click();
  const inProgress = page.getByRole('region', { name: 'In progress' });
  const finished = page.getByRole('region', { name: 'Finished' });
  await expect(inProgress.getByRole('link', { name: `Resume ${INCIDENT}` })).toBeVisible();
  // A run named from its answers is listed by that name.
  for (const title of [LOTO, RUN_NAME, INCIDENT]) await expect(finished.getByRole('link', { name: `Open ${title}` })).toBeVisible();
  await expectAccessible(page, 'my work');
  await finished.getByRole('link', { name: `Open ${LOTO}` }).click();
  await expect(page.getByRole('button', { name: 'Run again' })).toBeVisible();
  await expect(page.getByText('9 of 9 steps done')).toBeVisible();

  // ------------------------------------------------------------ activity
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
  // One per event (a completed run's flagged answers are a list inside its event).
  const events = page.getByRole('list', { name: 'Events, newest first' }).locator(':scope > li');
  await expect(events).toHaveCount(8);
  for (const [type, title] of [
    ['Procedure started', LOTO],
    ['Procedure completed', LOTO],
    ['Checklist started', PRE_TRIP],
    ['Checklist completed', PRE_TRIP],
    ['Answer flagged', PRE_TRIP],
    ['Form submitted', INCIDENT],
  ] as const) {
    await expect(events.filter({ hasText: type }).filter({ hasText: title })).toHaveCount(1);
  }
  await expect(events.filter({ hasText: 'Form started' })).toHaveCount(2);
  await expect(events.first()).toContainText('Form started');
  await expectAccessible(page, 'activity');

  await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Form submitted' });
  await expect(events).toHaveCount(1);
  await page.getByLabel('Type', { exact: true }).selectOption({ label: 'All types' });
  await page.getByLabel('Document', { exact: true }).selectOption({ label: PRE_TRIP });
  await expect(events).toHaveCount(3);
  await expect(events.filter({ hasText: 'Answer flagged' })).toContainText(`${OIL} — Fail`);
  await expect(events.first()).toContainText(`Run: ${RUN_NAME}`);

  // Still offline: the feed comes from this device.
  await page.reload();
  await expect(events).toHaveCount(3);
  await context.close();
});
