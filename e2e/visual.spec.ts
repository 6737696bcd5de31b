import { expect, test } from '@playwright/test';
import { uniqueEmail } from './support/fixtures';
import { startRelay, type RunningRelay } from './support/relay';
import { expectFieldReady } from './support/visual';

// Every screen, at every size, is checked in e2e/visual-signed-in.spec.ts and e2e/visual-public.spec.ts;
// this one walks the form runner at the default size with nothing but the app's own fonts.

let relay: RunningRelay;
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  await relay.stop();
});

test('inputs are field-ready: >= 44px tall, >= 16px text, danger border only on an invalid field', async ({ page }) => {
  await page.goto(relay.url);
  await expect(page.getByRole('heading', { name: 'Create an account' })).toBeVisible();
  await expectFieldReady(page, 'sign-up');
  await page.getByLabel('Name').fill('Ana Admin');
  await page.getByLabel('Email').fill(uniqueEmail('admin'));
  await page.getByLabel('Password').fill('correct-horse-battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('link', { name: 'Incident report' })).toBeVisible();
  await expectFieldReady(page, 'library');

  await page.getByRole('link', { name: 'Incident report' }).click();
  await page.getByRole('button', { name: /Start/ }).first().click();
  await expect(page.getByLabel('Location / area')).toBeVisible();
  await expectFieldReady(page, 'form runner');
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
  await expectFieldReady(page, 'form runner with errors');
});
