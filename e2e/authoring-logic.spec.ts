import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectAccessible, submitSignUp, uniqueEmail } from './support/fixtures';
import { startRelay, type RunningRelay } from './support/relay';

/**
 * Authoring answers and logic (issue 10) without typing JSON: a checklist item answered with
 * Pass / Fail / N/A whose Fail needs a note, and a form field shown only when an earlier answer
 * is "Yes", both built in the editor, published, and run.
 */
const CHECKLIST = 'Trailer check';
const FORM = 'Near miss report';

let relay: RunningRelay;
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  await relay.stop();
});

async function signUp(page: Page): Promise<void> {
  await submitSignUp(page, relay.url, { name: 'Ana Author', email: uniqueEmail('logic'), password: 'correct-horse-battery' });
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
}

async function newDocument(page: Page, kind: 'New checklist' | 'New form', title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  await page.locator('summary', { hasText: 'New document' }).click();
  await page.getByRole('link', { name: kind }).click();
  await expect(page.getByRole('heading', { level: 1, name: kind })).toBeVisible();
  await page.getByLabel('Title', { exact: true }).fill(title);
}

async function publish(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Version 1 published' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

const group = (scope: Page | Locator, name: string): Locator => scope.getByRole('group', { name, exact: true });

test('an author gives a checklist item Pass / Fail / N/A with a note required on Fail and names runs from an answer; the run follows both', async ({ page }) => {
  await signUp(page);

  // ------------------------------------------------------------ a checklist item with responses
  await newDocument(page, 'New checklist', CHECKLIST);
  const item = group(page, 'Item 1');
  await item.getByLabel('Label').fill('Tyres');
  // New items answer with Pass / Fail / N/A; Fail is flagged, so a note can be required.
  await expect(item.getByLabel('Answer with')).toHaveValue('pass-fail-na');
  await item.getByLabel('Note when flagged').selectOption({ label: 'Note required' });
  await group(page, 'Section 1').getByLabel('Section title').fill('Wheels');
  // A question before the items names each run: the button shows its label and inserts its key.
  await page.getByRole('region', { name: 'Questions before the items' }).getByRole('button', { name: 'Add field' }).click();
  await group(page, 'Field 1').getByLabel('Label').fill('Trailer');
  await page.getByRole('button', { name: 'Insert “Trailer”' }).click();
  await expect(page.getByLabel('Name each run from its answers (optional)')).toHaveValue(/^\{p[0-9a-f]+\}$/);
  await expect(page.getByText('Example: ‹Trailer›')).toBeVisible();
  await expectAccessible(page, 'checklist editor with responses');
  await publish(page, CHECKLIST);

  // ------------------------------------------------------------ the checklist run asks for a note on Fail
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  await page.getByRole('link', { name: CHECKLIST }).click();
  await page.getByRole('button', { name: 'Start checklist' }).click();
  await expect(page.getByRole('heading', { level: 1, name: CHECKLIST })).toBeVisible();
  await page.getByLabel('Trailer').fill('TR 7');
  await expect(page.getByRole('heading', { level: 1, name: 'TR 7' })).toBeVisible();
  // The runner's response buttons: Fail is flagged and its note is required before finishing.
  const fail = group(page, 'Tyres').getByRole('button', { name: /^Fail\b/ });
  await fail.click();
  await expect(fail).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Complete checklist' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Add a note about what you found before completing: Tyres.' })).toBeVisible();
});

test('an author shows a form field only when an earlier answer is “Yes”, without typing a rule; the run follows it', async ({ page }) => {
  await signUp(page);

  // ------------------------------------------------------------ a form field with "Show when…"
  await newDocument(page, 'New form', FORM);
  const first = group(page, 'Field 1');
  await first.getByLabel('Label').fill('Anyone injured?');
  await first.getByLabel('Kind').selectOption({ label: 'Choose one' });
  await first.getByLabel('Options').fill('Yes\nNo');
  await page.getByRole('button', { name: 'Add field' }).click();
  const second = group(page, 'Field 2');
  await second.getByLabel('Label').fill('Injury details');
  await second.locator('summary', { hasText: 'Rules' }).click();
  const showWhen = group(second, 'Show when…');
  await showWhen.getByRole('button', { name: /^Add a condition/ }).click();
  // The question offered is the earlier answer, its values are the options: nothing is typed.
  await expect(showWhen.getByLabel('Question 1').locator('option:checked')).toHaveText('Anyone injured?');
  await expect(showWhen.getByLabel('Test 1').locator('option:checked')).toHaveText('is');
  await showWhen.getByLabel('Value 1').selectOption('Yes');
  await expect(second.locator('summary', { hasText: 'Rules' })).toContainText('(1)');
  // The live preview is the real runner under the draft's rules.
  const preview = page.getByRole('region', { name: `Preview: ${FORM}` });
  await expect(preview.getByLabel('Injury details')).toHaveCount(0);
  await preview.getByLabel('Anyone injured?').selectOption('Yes');
  await expect(preview.getByLabel('Injury details')).toBeVisible();
  await expectAccessible(page, 'form editor with a rule');

  // A problem inside a rule is said in words with its place, and its link opens the closed
  // Rules panel and focuses the control.
  await first.locator('summary', { hasText: 'Rules' }).click();
  await first.getByRole('button', { name: 'Add a check' }).click();
  await first.locator('summary', { hasText: 'Rules' }).click();
  await page.getByRole('button', { name: 'Publish' }).click();
  const problem = page.getByRole('alert').getByRole('button', { name: 'Field 1 ‘Anyone injured?’ › Constraint 1: the message is empty' });
  await problem.click();
  await expect(first.getByLabel('Message when check 1 fails')).toBeFocused();
  await first.getByRole('button', { name: 'Remove check 1' }).click();
  await publish(page, FORM);

  // ------------------------------------------------------------ the form run follows the rule
  await page.getByRole('button', { name: 'Start form' }).click();
  await expect(page.getByRole('heading', { level: 1, name: FORM })).toBeVisible();
  await expect(page.getByLabel('Injury details')).toHaveCount(0);
  await page.getByLabel('Anyone injured?').selectOption('Yes');
  await expect(page.getByLabel('Injury details')).toBeVisible();
  await page.getByLabel('Injury details').fill('Cut on the left hand');
  await expect(page.getByLabel('Injury details')).toHaveAttribute('aria-busy', 'false');
  await page.getByLabel('Anyone injured?').selectOption('No');
  await expect(page.getByLabel('Injury details')).toHaveCount(0);
  // A hidden answer is kept: shown again, it is still there.
  await page.getByLabel('Anyone injured?').selectOption('Yes');
  await expect(page.getByLabel('Injury details')).toHaveValue('Cut on the left hand');
});

test('an author asks for two to four photos from the camera only and a position within 10 m; the run follows it', async ({ page }) => {
  await signUp(page);
  const TITLE = 'Roof check with photos';
  await newDocument(page, 'New form', TITLE);
  const first = group(page, 'Field 1');
  await first.getByLabel('Label').fill('Photos of the roof');
  await first.getByLabel('Kind').selectOption({ label: 'Photo' });
  // A photo is captured: no calculation or default is offered, and the settings are the capture's.
  await first.locator('summary', { hasText: 'Rules' }).click();
  await expect(first.getByText('Calculate this answer')).toHaveCount(0);
  await first.locator('summary', { hasText: 'Rules' }).click();
  await first.getByLabel('At least this many photos (optional)').fill('2');
  await first.getByLabel('At most this many photos (optional)').fill('4');
  await first.getByLabel('Camera only (no photos from the gallery)').check();
  await first.getByLabel('Photo size: longest side in pixels (optional)').fill('1600');
  await page.getByRole('button', { name: 'Add field' }).click();
  const second = group(page, 'Field 2');
  await second.getByLabel('Label').fill('Where the roof is');
  await second.getByLabel('Kind').selectOption({ label: 'Location' });
  await second.getByLabel('Warn when less accurate than, in metres (optional)').fill('10');
  // The live preview runs the real capture controls.
  const preview = page.getByRole('region', { name: `Preview: ${TITLE}` });
  await expect(preview.getByRole('button', { name: 'Take a photo' })).toBeVisible();
  await expect(preview.getByRole('button', { name: 'Choose from gallery' })).toHaveCount(0);
  await expectAccessible(page, 'form editor with evidence fields');
  await publish(page, TITLE);

  // The published version keeps every capture setting.
  const definition = await page.evaluate(async () => {
    const session = JSON.parse(localStorage.getItem('fieldbook.session') ?? '{}') as { token?: string };
    const headers = { authorization: `Bearer ${session.token ?? ''}` };
    const changes = (await (await fetch('/api/changes?limit=500', { headers })).json()) as { changes: { kind: string; value: { contentType?: string; definition?: { fields?: unknown[] } } }[] };
    const versions = changes.changes.filter((c) => c.kind === 'version' && c.value.contentType === 'form').map((c) => c.value.definition);
    return versions.find((d) => JSON.stringify(d).includes('Photos of the roof'));
  });
  expect(definition?.fields).toEqual([
    { id: expect.any(String), label: 'Photos of the roof', kind: 'photo', required: false, min: 2, max: 4, cameraOnly: true, longEdge: 1600 },
    { id: expect.any(String), label: 'Where the roof is', kind: 'location', required: false, accuracyLimit: 10 },
  ]);

  await page.getByRole('button', { name: 'Start form' }).click();
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Take a photo' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Choose from gallery' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Record the location' })).toBeVisible();
});
