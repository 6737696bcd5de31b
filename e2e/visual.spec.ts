import { expect, test, type Page } from '@playwright/test';
import { uniqueEmail } from './support/fixtures';
import { startRelay, type RunningRelay } from './support/relay';

let relay: RunningRelay;
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  await relay.stop();
});

const DANGER = 'rgb(164, 22, 26)';

/** Every visible input, select, textarea and button: height and font size, and border colour of the valid ones. */
async function expectFieldReady(page: Page, screen: string): Promise<void> {
  const problems = await page.evaluate((danger) => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('input, select, textarea, button'))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const type = el.getAttribute('type');
      if (type === 'checkbox' || type === 'radio') continue;
      const style = getComputedStyle(el);
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${el.getAttribute('aria-label') ?? el.textContent?.trim() ?? ''}"`;
      if (box.height < 44) out.push(`${name} is ${box.height}px tall`);
      if (parseFloat(style.fontSize) < 16) out.push(`${name} text is ${style.fontSize}`);
      const invalid = el.getAttribute('aria-invalid') === 'true' || el.closest('.has-error') !== null;
      if (el.tagName !== 'BUTTON' && !invalid && style.borderTopColor === danger) out.push(`${name} is valid but has the danger border`);
      if (el.tagName !== 'BUTTON' && invalid && style.borderTopColor !== danger) out.push(`${name} is invalid without the danger border`);
    }
    return out;
  }, DANGER);
  expect(problems, `field-ready controls on ${screen}`).toEqual([]);
}

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
