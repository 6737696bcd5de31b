import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, submitSignUp, uniqueEmail } from './support/fixtures';
import { publishDocument } from './support/publish';
import { startRelay, type RunningRelay } from './support/relay';

/**
 * Answers that say what was found (issue 10): a checklist item answered Fail is flagged, needs
 * a note before the run can finish, is listed in the Found summary and recorded in Activity;
 * a run names itself from its answers and My work lists it by that name.
 */
const TITLE = 'Pre-trip check';

const definition = {
  titleTemplate: '{vehicle} — {site}',
  scoring: true,
  fields: [
    { id: 'vehicle', label: 'Vehicle', kind: 'text', required: false },
    { id: 'site', label: 'Site', kind: 'text', required: false },
  ],
  sections: [
    {
      id: 'outside',
      title: 'Outside',
      items: [
        { id: 'tyres', label: 'Tyres', required: false, responses: 'pass-fail-na', noteWhenFlagged: 'required' },
        { id: 'lights', label: 'Lights', required: false, responses: 'pass-fail-na' },
        // Shown only once the tyres fail (a rule on an earlier answer).
        { id: 'depth', label: 'Tread depth measured', required: false, visibleWhen: { op: 'eq', args: [{ ref: 'tyres' }, { lit: 'fail' }] } },
      ],
    },
  ],
};

let relay: RunningRelay;
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  await relay.stop();
});

/** A procedure whose first step answers Pass / Fail / N/A and whose second step's fields repeat per defect. */
const DEFECTS = 'Defect walk-around';
const procedure = {
  steps: [
    { id: 'walk', title: 'Walk around the vehicle', required: true, responses: 'pass-fail-na' },
    { id: 'defects', title: 'Record each defect', required: false, repeat: { min: 1, addLabel: 'Add defect' }, fields: [{ id: 'part', label: 'Part', kind: 'text', required: true }] },
  ],
};

/** Sign up (the first account is the admin) and publish a document through the relay's API, then start it. */
async function signUpAndPublish(page: Page, title = TITLE, contentType: 'procedure' | 'checklist' | 'form' = 'checklist', body: object = definition): Promise<void> {
  await submitSignUp(page, relay.url, { name: 'Fiona Field', email: uniqueEmail('responses'), password: 'correct-horse-battery' });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await publishDocument(page, title, contentType, body);
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('button', { name: `Start ${contentType}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

const item = (page: Page, label: string) => page.getByRole('group', { name: label, exact: true });

async function answer(page: Page, label: string, response: string): Promise<void> {
  const button = item(page, label).getByRole('button', { name: response, exact: true });
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await expect(item(page, label)).toHaveAttribute('aria-busy', 'false');
}

test('an item answered Fail is flagged, shows its follow-up item, needs a note before completing, is scored, and is in the Found summary and Activity', async ({ page }) => {
  await signUpAndPublish(page);

  // Glove-sized buttons: at least 56 px tall.
  const fail = item(page, 'Tyres').getByRole('button', { name: 'Fail', exact: true });
  expect((await fail.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(56);
  expect(parseFloat(await fail.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
  await expect(page.getByRole('checkbox', { name: 'Tread depth measured' })).toHaveCount(0);
  await answer(page, 'Tyres', 'Fail');
  await expect(page.getByRole('checkbox', { name: 'Tread depth measured' })).toBeVisible();
  await answer(page, 'Lights', 'Pass');
  const tyres = page.locator('[data-anchor="tyres"]');
  const flaggedTag = tyres.getByText('Flagged', { exact: true });
  await expect(flaggedTag).toBeVisible();
  expect(parseFloat(await flaggedTag.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
  await expect(tyres.getByText('Add a note about what you found.')).toBeVisible();
  await expect(page.locator('.runner-head')).toContainText('1 flagged');
  await expect(page.locator('.runner-head')).toContainText('Score 1 of 2 (50 %)');
  await expectAccessible(page, 'flagged answer');

  await page.getByRole('button', { name: 'Complete checklist' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Add a note about what you found before completing: Tyres.' })).toBeVisible();

  // Once typed, the box is "Your note" (NoteEditor).
  const note = page.getByRole('textbox', { name: /^(Note for this item|Your note)$/ });
  await note.fill('Front left worn to the cords');
  await expect(note).toHaveAttribute('aria-busy', 'false');
  await expect(tyres.getByText('Add a note about what you found.')).toHaveCount(0);

  const found = page.getByRole('region', { name: 'Found: 1 flagged' });
  await expect(found).toContainText('Outside › Tyres: Fail');
  await expect(found).toContainText('Score 1 of 2 (50 %)');
  await found.getByRole('button', { name: /Tyres: Fail/ }).click();
  await expect(item(page, 'Tyres').getByRole('button', { name: 'Pass', exact: true })).toBeFocused();

  await page.getByRole('button', { name: 'Complete checklist' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Completed.' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Found: 1 flagged' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Answer flagged' })).toContainText('Flagged: Outside › Tyres — Fail');
  const completed = page.getByRole('listitem').filter({ hasText: 'Checklist completed' });
  await expect(completed).toContainText('1 flagged');
  await expect(completed).toContainText('Outside › Tyres: Fail');
});

test('a run named from its answers shows that name in the run head and in My work', async ({ page }) => {
  await signUpAndPublish(page);
  await page.getByLabel('Vehicle').fill('Ute 14');
  await expect(page.getByRole('heading', { level: 1, name: 'Ute 14' })).toBeVisible();
  await page.getByLabel('Site').fill('Depot');
  await expect(page.getByRole('heading', { level: 1, name: 'Ute 14 — Depot' })).toBeVisible();
  await expect(page.getByLabel('Site')).toHaveAttribute('aria-busy', 'false');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' }).click();
  const card = page.getByRole('region', { name: 'In progress' }).getByRole('listitem').filter({ hasText: 'Ute 14 — Depot' });
  await expect(card.getByRole('heading', { name: 'Ute 14 — Depot' })).toBeVisible();
  await expect(card).toContainText(TITLE);
  await expect(card.getByRole('link', { name: 'Resume Ute 14 — Depot' })).toBeVisible();
});

test('a procedure step answers with responses and a repeat step records one row per defect', async ({ page }) => {
  await signUpAndPublish(page, DEFECTS, 'procedure', procedure);
  await expect(page.getByRole('button', { name: 'Complete procedure' })).toBeDisabled();
  await answer(page, 'Answer', 'Fail');
  await expect(page.locator('.runner-head')).toContainText('1 flagged');
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByRole('button', { name: 'Add defect' }).click();
  await page.getByRole('region', { name: 'Defect 1' }).getByLabel('Part').fill('Left mirror');
  await page.getByRole('button', { name: 'Add defect' }).click();
  await page.getByRole('region', { name: 'Defect 2' }).getByLabel('Part').fill('Wiper blade');
  await expect(page.getByRole('region', { name: 'Defect 2' }).getByLabel('Part')).toHaveAttribute('aria-busy', 'false');
  const done = page.getByRole('checkbox', { name: 'Step done' });
  await done.check();
  await expect(done).toBeChecked();
  await expect(done).toHaveAttribute('aria-busy', 'false');

  await page.getByRole('button', { name: 'Complete procedure' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Completed.' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Found: 1 flagged' })).toContainText('Walk around the vehicle: Fail');
});
