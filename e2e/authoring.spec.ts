import { readFile } from 'node:fs/promises';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible, inviteLinkFrom, submitSignUp, uniqueEmail } from './support/fixtures';
import { startRelay, type RunningRelay } from './support/relay';

const PASSWORD = 'correct-horse-battery';
const FORM = 'Site visit report';

let relay: RunningRelay;
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  await relay.stop();
});

/** The first account signs up at the relay's address; later ones open an invite link from an admin. */
async function signUp(browser: Browser, name: string, inviteLink?: string): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await submitSignUp(page, inviteLink ?? relay.url, { name: name, email: uniqueEmail(name.split(' ')[0]?.toLowerCase() ?? 'user'), password: PASSWORD });
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  return page;
}

const library = async (page: Page): Promise<void> => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
};

/** Rows in the device's own database (documents, versions, outbox, kv), read straight from IndexedDB. */
async function storedCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('fieldbook'));
    const totals: Record<string, number> = { documents: 0, versions: 0, outbox: 0, kv: 0 };
    for (const name of names) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error ?? new Error('open failed'));
      });
      for (const store of Object.keys(totals)) {
        if (!db.objectStoreNames.contains(store)) continue;
        const count = await new Promise<number>((resolve, reject) => {
          const request = db.transaction(store, 'readonly').objectStore(store).count();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error ?? new Error('count failed'));
        });
        totals[store] = (totals[store] ?? 0) + count;
      }
      db.close();
    }
    return totals;
  });
}

const field = (page: Page, n: number) => page.getByRole('group', { name: `Field ${n}`, exact: true });

async function publish(page: Page, version: number): Promise<void> {
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Version ${version} published` })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: FORM })).toBeVisible();
}

async function startForm(page: Page): Promise<void> {
  await library(page);
  await page.getByRole('link', { name: FORM }).click();
  await page.getByRole('button', { name: 'Start form' }).click();
  await expect(page.getByRole('heading', { level: 1, name: FORM })).toBeVisible();
  await expect(page).toHaveURL(/\/run\/[0-9a-f-]{36}$/);
}

test('an admin writes and republishes a form; a member mid-run keeps version 1 and a new run gets version 2', async ({ browser }) => {
  const admin = await signUp(browser, 'Ana Admin');

  // ------------------------------------------------------------ author a form
  await admin.locator('summary', { hasText: 'New document' }).click();
  await admin.getByRole('link', { name: 'New form' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'New form' })).toBeVisible();
  await expect(admin).toHaveURL(/\/library\/[0-9a-f-]{36}\/edit$/);

  // Publishing an unfinished draft lists each problem with where it is, and writes nothing.
  await admin.getByRole('button', { name: 'Publish' }).click();
  const problems = admin.getByRole('alert').filter({ hasText: 'stop this from being published' });
  await expect(problems).toBeFocused();
  // In words, with the place: no schema text such as "Too small: expected string to have >=1 characters".
  await expect(problems.getByRole('button', { name: 'Document: the title is empty' })).toBeVisible();
  await expect(problems.getByRole('button', { name: 'Field 1: the label is empty' })).toBeVisible();
  await expect(problems).not.toContainText('Too small');
  await problems.getByRole('button', { name: 'Field 1: the label is empty' }).click();
  await expect(field(admin, 1).getByLabel('Label')).toBeFocused();

  await admin.getByLabel('Title', { exact: true }).fill(FORM);
  await field(admin, 1).getByLabel('Label').fill('Site name');
  await field(admin, 1).getByLabel('Required').check();

  // A second field: a choice without options is refused where it is; delete and undo bring it back.
  await admin.getByRole('button', { name: 'Add field' }).click();
  await expect(field(admin, 2).getByLabel('Label')).toBeFocused();
  await field(admin, 2).getByLabel('Label').fill('Access');
  await field(admin, 2).getByLabel('Kind').selectOption({ label: 'Choose one' });
  await admin.getByRole('button', { name: 'Publish' }).click();
  await expect(admin.getByRole('alert').getByRole('button', { name: 'Field 2 ‘Access’: a select field needs at least one option' })).toBeVisible();
  await field(admin, 2).getByRole('button', { name: 'Delete field 2' }).click();
  await expect(field(admin, 2)).toHaveCount(0);
  await expect(admin.getByRole('status').filter({ hasText: 'Deleted field 2 “Access”.' })).toBeVisible();
  await expect(admin.getByRole('button', { name: 'Undo' })).toBeFocused();
  await admin.getByRole('button', { name: 'Undo' }).click();
  await expect(field(admin, 2).getByLabel('Label')).toHaveValue('Access');
  // Keyboard reorder: move it above the first field, then back down.
  await field(admin, 2).getByRole('button', { name: 'Move up field 2' }).click();
  await expect(field(admin, 1).getByLabel('Label')).toHaveValue('Access');
  await expect(field(admin, 1).getByRole('button', { name: 'Move down field 1' })).toBeFocused();
  await admin.keyboard.press('Enter');
  await expect(field(admin, 1).getByLabel('Label')).toHaveValue('Site name');
  await field(admin, 2).getByRole('button', { name: 'Delete field 2' }).click();
  await expect(field(admin, 2)).toHaveCount(0);

  // The live preview is the real form runner.
  const preview = admin.getByRole('region', { name: `Preview: ${FORM}` });
  await expect(preview.getByLabel('Site name')).toBeVisible();
  await expect(preview.getByRole('button', { name: 'Submit' })).toBeVisible();
  // Answering there behaves as in the field, kept in memory: the change settles with no
  // "Not saved" beside the field and no "could not be saved" message anywhere.
  const tried = preview.getByLabel('Site name');
  await tried.fill('North yard');
  await expect(tried).toHaveAttribute('aria-busy', 'false');
  await expect(admin.getByRole('status').filter({ hasText: 'Draft saved on this device' })).toBeVisible();
  await expectAccessible(admin, 'editor');
  await expect(tried).toHaveValue('North yard');
  await expect(preview.getByText('Not saved', { exact: true })).toHaveCount(0);
  await expect(admin.getByText('could not be saved')).toHaveCount(0);

  // The draft is on the device: a reload brings it back.
  await admin.reload();
  await expect(admin.getByLabel('Title', { exact: true })).toHaveValue(FORM);
  await expect(field(admin, 1).getByLabel('Label')).toHaveValue('Site name');
  await publish(admin, 1);
  await expect(admin.getByText('1 field · version 1')).toBeVisible();

  // ------------------------------------------------------------ a member runs it
  const member = await signUp(browser, 'Max Member', await inviteLinkFrom(admin));
  await expect(member.getByRole('link', { name: FORM })).toBeVisible();
  await expect(member.locator('summary', { hasText: 'New document' })).toHaveCount(0);
  await member.getByRole('link', { name: FORM }).click();
  await expect(member.getByRole('button', { name: 'Start form' })).toBeVisible();
  await expect(member.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  await startForm(member);
  await member.getByLabel('Site name').fill('North yard');
  await expect(member.getByRole('status').filter({ hasText: 'All changes saved on this device' })).toBeVisible();
  await expect(member.getByText('version 1', { exact: true })).toBeVisible();
  const runUrl = member.url();

  // ------------------------------------------------------------ the admin adds a field and republishes
  await admin.getByRole('link', { name: 'Edit' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Edit form' })).toBeVisible();
  await admin.getByRole('button', { name: 'Add field' }).click();
  await field(admin, 2).getByLabel('Label').fill('Weather');
  await publish(admin, 2);

  // The member's run keeps version 1 and says a newer one exists, without changing.
  await expect(member.getByRole('status').filter({ hasText: 'A newer version of this document exists. This run keeps the version it started with.' })).toBeVisible();
  await expect(member.getByLabel('Site name')).toHaveValue('North yard');
  await expect(member.getByLabel('Weather')).toHaveCount(0);
  await expect(member.getByText('version 1', { exact: true })).toBeVisible();
  await member.reload();
  await expect(member.getByLabel('Site name')).toHaveValue('North yard');
  await expect(member.getByLabel('Weather')).toHaveCount(0);
  await expect(member.getByText('version 1', { exact: true })).toBeVisible();
  await expectAccessible(member, 'runner with a newer version');

  // A new run starts on version 2.
  await startForm(member);
  expect(member.url()).not.toBe(runUrl);
  await expect(member.getByLabel('Weather')).toBeVisible();
  await expect(member.getByText('version 2', { exact: true })).toBeVisible();
  await expect(member.getByRole('status').filter({ hasText: 'A newer version' })).toHaveCount(0);

  // ------------------------------------------------------------ export, import it back, duplicate, archive
  const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Export JSON' }).click()]);
  expect(download.suggestedFilename()).toBe('site-visit-report.fieldbook.json');
  const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as { format: string; definition: { fields: { label: string }[] } };
  expect(exported.format).toBe('fieldbook.document');
  expect(exported.definition.fields.map((f) => f.label)).toEqual(['Site name', 'Weather']);

  await admin.getByRole('button', { name: 'Duplicate' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: `Copy of ${FORM}` })).toBeVisible();
  await admin.getByRole('button', { name: 'Archive' }).click();
  await admin.getByRole('dialog', { name: `Archive “Copy of ${FORM}”?` }).getByRole('button', { name: 'Archive' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'This document is archived' })).toBeVisible();
  await library(admin);
  await expect(admin.getByRole('link', { name: FORM, exact: true })).toBeVisible();
  await expect(admin.getByRole('link', { name: `Copy of ${FORM}` })).toHaveCount(0);

  await admin.getByRole('link', { name: 'Import JSON' }).click();
  await admin.getByLabel('Document file (JSON)').setInputFiles(await download.path());
  await expect(admin.getByRole('status').filter({ hasText: 'Imported as a new document (version 1).' })).toBeVisible();
  await expect(admin.getByText('2 fields · version 1')).toBeVisible();
});

test('importing a broken JSON file lists every problem in words with its place and path, and changes nothing', async ({ browser }) => {
  const admin = await signUp(browser, 'Ana Admin');
  const count = admin.getByRole('status').filter({ hasText: /\d+ documents/ });
  await expect(count).toBeVisible();
  const before = await count.textContent();
  const titlesBefore = await admin.locator('.card-title').allTextContents();
  const storedBefore = await storedCounts(admin);
  expect(storedBefore.documents).toBeGreaterThan(0);

  await admin.getByRole('link', { name: 'Import JSON' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Import a document' })).toBeVisible();
  await expectAccessible(admin, 'import');

  const broken = {
    format: 'fieldbook.document',
    formatVersion: 1,
    document: { title: '', contentType: 'form' },
    definition: {
      fields: [
        { id: 'kind', label: 'Kind of visit', kind: 'select', required: true },
        { id: 'when', label: 'When', kind: 'time', required: false },
        { id: 'kind', label: 'Notes', kind: 'text', required: 'yes' },
        { id: 'ref', label: 'Reference', kind: 'text', required: false, pattern: '([a-z' },
      ],
    },
  };
  await admin.getByLabel('Document file (JSON)').setInputFiles({ name: 'broken.fieldbook.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  const report = admin.getByRole('alert').filter({ hasText: 'was not imported' });
  await expect(report).toBeFocused();
  await expect(report.getByRole('heading', { name: 'broken.fieldbook.json was not imported: 5 problems' })).toBeVisible();
  for (const line of [
    /^File: the title is empty document\.title$/,
    /^Field 1 ‘Kind of visit’: a select field needs at least one option definition\.fields\.0\.options$/,
    /^Field 2 ‘When’: the kind must be one of text, textarea, number, date, select, multiselect, checkbox, photo, file, signature, location definition\.fields\.1\.kind$/,
    /^Field 3 ‘Notes’: “required” must be true or false definition\.fields\.2\.required$/,
    /^Field 4 ‘Reference’: the pattern is not a valid regular expression definition\.fields\.3\.pattern$/,
  ]) {
    await expect(report.getByRole('listitem').filter({ hasText: line })).toHaveCount(1);
  }
  await expectAccessible(admin, 'import problems');

  // Not JSON at all: one problem, still nothing written.
  await admin.getByLabel('Document file (JSON)').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "fieldbook.document",') });
  await expect(admin.getByRole('alert').getByRole('heading', { name: 'notes.json was not imported: 1 problem' })).toBeVisible();
  await expect(admin.getByRole('alert').getByRole('listitem')).toHaveText(/^File: not valid JSON/);

  await library(admin);
  await expect(count).toHaveText(before ?? '');
  expect(await admin.locator('.card-title').allTextContents()).toEqual(titlesBefore);
  expect(await storedCounts(admin)).toEqual(storedBefore);
});
