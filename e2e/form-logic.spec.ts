import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, submitSignUp, uniqueEmail, waitForServiceWorkerControl } from './support/fixtures';
import { publishDocument } from './support/publish';
import { startRelay, type RunningRelay } from './support/relay';

/**
 * Forms with logic (issue 10): a section shown by an answer keeps what was typed in it while
 * hidden, a calculated total follows the numbers and is frozen when the form is submitted, and
 * repeat rows added on two tablets offline both survive the merge.
 */
const FORM = 'Site incident with logic';
const PASSWORD = 'correct-horse-battery';

const definition = {
  fields: [
    { id: 'hurt', label: 'Was anyone hurt?', kind: 'select', options: ['Yes', 'No'], required: true },
    { id: 'site', label: 'Site', kind: 'text', required: true, default: { lit: 'Main depot' } },
    { id: 'mon', label: 'Hours on Monday', kind: 'number', required: false },
    { id: 'tue', label: 'Hours on Tuesday', kind: 'number', required: false },
    { id: 'total', label: 'Total hours', kind: 'number', required: false, calculate: { op: 'add', args: [{ ref: 'mon' }, { ref: 'tue' }] } },
  ],
  sections: [
    {
      id: 'injury',
      title: 'Injury',
      visibleWhen: { op: 'eq', args: [{ ref: 'hurt' }, { lit: 'Yes' }] },
      fields: [{ id: 'who', label: 'Who was hurt?', kind: 'text', required: true }],
    },
    { id: 'defects', title: 'Defects', repeat: { max: 5, addLabel: 'Add defect' }, fields: [{ id: 'part', label: 'Defective part', kind: 'text', required: false }] },
  ],
};

let relay: RunningRelay;
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  await relay.stop();
});

/** The signed-in admin publishes the form through the relay's API, as the editor would. */
const publishForm = (page: Page, title: string = FORM, body: object = definition): Promise<string> => publishDocument(page, title, 'form', body);

async function startForm(page: Page, title: string = FORM): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  await page.getByRole('link', { name: title }).click({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Start form' }).click();
  await page.waitForURL(/\/run\//);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

const savedHere = (page: Page) => expect(page.getByText('All changes saved on this device')).toBeVisible();
const syncLine = (page: Page) => page.getByRole('banner').getByText(/All changes saved on the relay|waiting to sync|Offline — |could not sync|Checking sync/);
const allOnRelay = (page: Page) => expect(syncLine(page)).toHaveText('All changes saved on the relay', { timeout: 30_000 });

test('a section shown by an answer keeps what was typed there while hidden; a calculated total follows the numbers and is frozen on submit', async ({ page }) => {
  await submitSignUp(page, relay.url, { name: 'Lee Logic', email: uniqueEmail('logic'), password: PASSWORD });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await publishForm(page);
  await startForm(page);
  const injury = page.getByRole('heading', { level: 2, name: 'Injury' });
  await expect(injury).toHaveCount(0);
  // A default is shown as the answer (and counts as one at submit) without being written.
  await expect(page.getByLabel('Site', { exact: true })).toHaveValue('Main depot');

  // The answer shows the section; what is typed there is kept while the section is hidden.
  await page.getByLabel('Was anyone hurt?').selectOption('Yes');
  await expect(injury).toBeVisible();
  await page.getByLabel('Who was hurt?').fill('Sam Rigger');
  await savedHere(page);
  await page.getByLabel('Was anyone hurt?').selectOption('No');
  await expect(injury).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Some hidden answers are kept' })).toBeVisible();
  await page.getByLabel('Was anyone hurt?').selectOption('Yes');
  await expect(page.getByLabel('Who was hurt?')).toHaveValue('Sam Rigger');
  await expect(page.getByRole('status').filter({ hasText: 'Some hidden answers are kept' })).toHaveCount(0);

  // The total is worked out as the numbers are typed, read-only.
  const total = page.getByRole('status', { name: 'Total hours' });
  await page.getByLabel('Hours on Monday').fill('8');
  await expect(total).toHaveText(/Worked out once/);
  await page.getByLabel('Hours on Tuesday').fill('7.5');
  await expect(total).toHaveText('15.5');
  await page.getByLabel('Hours on Tuesday').fill('6');
  await expect(total).toHaveText('14');
  await expect(page.getByRole('textbox', { name: 'Total hours' })).toHaveCount(0);
  await expectAccessible(page, 'form with logic');

  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Submitted.' })).toBeVisible();
  await expect(total).toHaveText('14');
  // The submitted record holds the total as it was (frozen), on the relay too.
  const instanceId = new URL(page.url()).pathname.split('/').pop() ?? '';
  await expect
    .poll(
      () =>
        page.evaluate(async (id) => {
          const session = JSON.parse(localStorage.getItem('fieldbook.session') ?? '{}') as { token?: string };
          const res = await fetch(`/api/instances/${id}`, { headers: { authorization: `Bearer ${session.token ?? ''}` } });
          return res.ok ? ((await res.json()) as { value: { status: string; calculated?: Record<string, unknown> } }).value : null;
        }, instanceId),
      { timeout: 30_000 },
    )
    .toMatchObject({ status: 'submitted', calculated: { total: 14 } });
});

test('rows added to a repeat group on two tablets offline both survive the merge, in the same order on both', async ({ browser }) => {
  const email = uniqueEmail('rows');
  const tabletA = await browser.newContext();
  const a = await tabletA.newPage();
  await submitSignUp(a, relay.url, { name: 'Rowan Rows', email, password: PASSWORD });
  await expect(a.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await publishForm(a);
  await startForm(a);
  const runPath = new URL(a.url()).pathname;
  await waitForServiceWorkerControl(a);
  await allOnRelay(a);

  const tabletB = await browser.newContext();
  const b = await tabletB.newPage();
  await b.goto(relay.url);
  await b.getByLabel('Email').fill(email);
  await b.getByLabel('Password').fill(PASSWORD);
  await b.getByRole('button', { name: 'Sign in' }).click();
  await b.getByRole('link', { name: 'My work' }).click();
  await b.getByRole('link', { name: `Resume ${FORM}` }).click({ timeout: 30_000 });
  await expect(b.getByRole('heading', { name: FORM, level: 1 })).toBeVisible();
  expect(new URL(b.url()).pathname).toBe(runPath);
  await waitForServiceWorkerControl(b);
  await allOnRelay(b);

  // Both tablets go offline and each adds a defect.
  await relay.stop();
  await tabletA.setOffline(true);
  await tabletB.setOffline(true);
  for (const [page, part] of [
    [a, 'Cracked guard'],
    [b, 'Loose handrail'],
  ] as const) {
    await page.getByRole('button', { name: 'Add defect' }).click();
    const row = page.getByRole('region', { name: 'Defect 1' });
    // The new row's first field has focus, ready to type.
    await expect(row.getByLabel('Defective part')).toBeFocused();
    await page.keyboard.type(part);
    await savedHere(page);
  }

  relay = await startRelay({ dataDir: relay.dataDir, port: relay.port });
  await tabletA.setOffline(false);
  await tabletB.setOffline(false);

  const orders: string[][] = [];
  for (const page of [a, b]) {
    await expect(page.getByRole('region', { name: 'Defect 2' })).toBeVisible({ timeout: 30_000 });
    const parts = page.getByRole('textbox', { name: 'Defective part' });
    await expect(parts).toHaveCount(2);
    const values = [await parts.nth(0).inputValue(), await parts.nth(1).inputValue()];
    expect([...values].sort()).toEqual(['Cracked guard', 'Loose handrail']);
    orders.push(values);
  }
  expect(orders[0]).toEqual(orders[1]);
  await expectAccessible(a, 'repeat group');
  await allOnRelay(a);
  await allOnRelay(b);
  await tabletA.close();
  await tabletB.close();
});

test('repeat rows move by keyboard, delete with an Undo, and stop at the group\'s maximum', async ({ page }) => {
  await submitSignUp(page, relay.url, { name: 'Mo Mover', email: uniqueEmail('move'), password: PASSWORD });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await publishForm(page);
  await startForm(page);
  const add = page.getByRole('button', { name: 'Add defect' });
  await expect(page.getByText('At most 5 defects.')).toBeVisible();
  for (const part of ['Guard', 'Rail', 'Belt']) {
    await add.click();
    await expect(page.getByRole('region', { name: `Defect ${['Guard', 'Rail', 'Belt'].indexOf(part) + 1}` }).getByLabel('Defective part')).toBeFocused();
    await page.keyboard.type(part);
  }
  const parts = page.getByRole('textbox', { name: 'Defective part' });
  const order = async (): Promise<string[]> => Promise.all([0, 1, 2].map((i) => parts.nth(i).inputValue()));
  await expect.poll(order).toEqual(['Guard', 'Rail', 'Belt']);

  // Move the third row up twice: once by a tap, once by the keyboard on the button that kept focus.
  await page.getByRole('button', { name: 'Move Defect 3 up' }).click();
  await expect.poll(order).toEqual(['Guard', 'Belt', 'Rail']);
  await expect(page.getByRole('button', { name: 'Move Defect 2 up' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(order).toEqual(['Belt', 'Guard', 'Rail']);

  // Delete is soft: Undo brings the row back with its answer.
  await page.getByRole('button', { name: 'Delete Defect 2' }).click();
  await expect.poll(async () => parts.count()).toBe(2);
  const undo = page.getByRole('status').filter({ hasText: 'Defect 2 deleted.' });
  await undo.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(order).toEqual(['Belt', 'Guard', 'Rail']);

  // At the maximum the add button is disabled and says why.
  await add.click();
  await add.click();
  await expect(parts).toHaveCount(5);
  await expect(add).toBeDisabled();
  await expect(add).toHaveAccessibleDescription('This group has the most defects it allows.');
  await expectAccessible(page, 'repeat group at its maximum');
});

const LONG = 'Vehicle handover (long)';
const longForm = {
  fields: [],
  sections: [
    {
      id: 'driver',
      title: 'Driver',
      fields: [
        { id: 'name', label: 'Driver name', kind: 'text', required: true },
        { id: 'riders', label: 'Passengers carried', kind: 'number', required: false },
      ],
    },
    {
      id: 'fuel',
      title: 'Fuel',
      fields: [
        { id: 'litres', label: 'Litres in tank', kind: 'number', required: true, constraints: [{ check: { op: 'le', args: [{ ref: 'litres' }, { lit: 90 }] }, message: 'The tank holds 90 litres at most.' }] },
      ],
    },
    { id: 'body', title: 'Bodywork', fields: [{ id: 'scratches', label: 'Scratches', kind: 'text', required: false }] },
    { id: 'keys', title: 'Keys', fields: [{ id: 'sets', label: 'Key sets handed over', kind: 'number', required: true }] },
    { id: 'people', title: 'Passengers', repeat: { countFrom: 'riders', max: 4, addLabel: 'Add passenger' }, fields: [{ id: 'who', label: 'Passenger name', kind: 'text', required: false }] },
  ],
};

test('a long form shows one section per page with its progress; the error summary leads to a field on another page', async ({ page }) => {
  await submitSignUp(page, relay.url, { name: 'Pat Pages', email: uniqueEmail('pages'), password: PASSWORD });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await publishForm(page, LONG, longForm);
  await startForm(page, LONG);

  const sections = page.getByRole('navigation', { name: 'Sections' });
  await expect(sections.getByRole('button')).toHaveCount(5);
  await expect(sections.getByRole('button', { name: /^Driver/ })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByLabel('Driver name')).toBeVisible();
  await expect(page.getByLabel('Litres in tank')).toHaveCount(0);

  await page.getByLabel('Driver name').fill('Jo Driver');
  await expect(sections.getByRole('button', { name: /^Driver/ })).toContainText('1 of 2 answered');

  // A count-driven group has the rows the count asks for, and nothing to add or delete.
  await page.getByLabel('Passengers carried').fill('2');
  await sections.getByRole('button', { name: /^Passengers/ }).click();
  await expect(page.getByRole('region', { name: 'Passenger 2' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Passenger name' })).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Add passenger' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Delete/ })).toHaveCount(0);
  await sections.getByRole('button', { name: /^Driver/ }).click();
  await page.getByLabel('Passengers carried').fill('1');
  await sections.getByRole('button', { name: /^Passengers/ }).click();
  await expect(page.getByRole('textbox', { name: 'Passenger name' })).toHaveCount(1);
  await sections.getByRole('button', { name: /^Driver/ }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Fuel' })).toBeFocused();
  await page.getByLabel('Litres in tank').fill('120');
  // The author's constraint refuses the reading in their words.
  await expect(page.getByLabel('Litres in tank')).toHaveAccessibleDescription(/The tank holds 90 litres at most\./);
  await expect(sections.getByRole('button', { name: /^Fuel/ })).toContainText('0 of 1 answered');

  await page.getByRole('button', { name: 'Submit' }).click();
  const summary = page.getByRole('alert').filter({ hasText: '2 fields need attention' });
  await expect(summary).toBeVisible();
  // Focus went to the first problem, here on this page.
  await expect(page.getByLabel('Litres in tank')).toBeFocused();
  await page.getByRole('button', { name: 'Keys › Key sets handed over: Required' }).click();
  await expect(sections.getByRole('button', { name: /^Keys/ })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByLabel('Key sets handed over')).toBeFocused();
  await page.keyboard.type('2');
  await expect(page.getByRole('button', { name: /^Keys › / })).toHaveCount(0);
  await expectAccessible(page, 'long form with error summary');
});
