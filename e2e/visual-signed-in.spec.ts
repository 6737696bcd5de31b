import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { submitSignUp } from './support/fixtures';
import { answer, PRETRIP_REQUIRED, PRETRIP_VEHICLE } from './support/answers';
import { startRelay, type RunningRelay } from './support/relay';
import { setClockTo, shootScreen, visualContext, visualPage } from './support/visual';

/**
 * Screenshot baselines and the computed-style check of every signed-in screen at 1024x768,
 * 800x1280 and 390x844. One admin on a fresh relay walks through the app once; each screen is
 * shot at the three sizes. Regenerate with `npx playwright test e2e/visual --update-snapshots`.
 */
const IDS = {
  loto: '5eed0000-0000-4000-8000-00000000d001',
  vehicle: '5eed0000-0000-4000-8000-00000000d003',
  incident: '5eed0000-0000-4000-8000-00000000d005',
  defects: '5eed0000-0000-4000-8000-00000000d007',
} as const;
const LIGHTS = 'Headlights, indicators, brake and reversing lights work';

let relay: RunningRelay;
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  await relay.stop();
});

async function signUpAdmin(page: Page): Promise<void> {
  await submitSignUp(page, relay.url, { name: 'Ana Admin', email: 'ana@example.com', password: 'correct-horse-battery' });
  await expect(page.getByRole('link', { name: 'Incident report' })).toBeVisible();
}

/** The header pill settled: nothing waiting, the relay confirmed it. */
const synced = async (page: Page): Promise<void> => {
  await expect(page.getByRole('banner').locator('.pill-label')).toHaveText('Synced', { timeout: 30_000 });
};

async function openRun(page: Page, documentId: string, ready: string, minutes: number): Promise<void> {
  await setClockTo(page, minutes);
  await page.goto(`${relay.url}/library/${documentId}`);
  await page.getByRole('button', { name: /Start/ }).first().click();
  await expect(page).toHaveURL(/\/run\//);
  await expect(page.getByText(ready).first()).toBeVisible();
}

test('signed-in screens match their baselines and are field-ready at tablet and phone sizes', async ({ browser }) => {
  test.setTimeout(300_000);
  const context = await visualContext(browser);
  const page = await visualPage(context);
  await signUpAdmin(page);
  await synced(page);

  const goto = async (path: string, heading: string | RegExp): Promise<void> => {
    await page.goto(`${relay.url}${path}`);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await synced(page);
  };

  await goto('/library', 'Library');
  await shootScreen(page, 'library');
  await goto(`/library/${IDS.incident}`, 'Incident report');
  await shootScreen(page, 'document');

  await goto(`/library/${IDS.incident}/share`, /Share/);
  await shootScreen(page, 'share');
  await page.getByRole('radio', { name: 'Anyone with the link (no account needed)' }).check();
  await page.getByLabel('Label (optional)').fill('Contractors');
  await page.getByRole('button', { name: 'Create link' }).click();
  const linkField = page.getByRole('textbox', { name: 'Link for Contractors' });
  await expect(linkField).toHaveValue(/\/s#[A-Za-z0-9_-]{22,}$/);
  await expect(page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Contractors' }) }).getByText('Active', { exact: true })).toBeVisible();
  await expect(page.locator('img[src^="data:image/svg"]').first()).toBeVisible();
  // The token and its QR code differ on every run.
  await shootScreen(page, 'share-with-link', { mask: (p) => [p.getByRole('textbox', { name: /^Link for/ }), p.locator('img[src^="data:image/svg"]')] });

  await goto(`/library/${IDS.loto}/edit`, /Edit/);
  await shootScreen(page, 'editor');
  await goto('/library/new/procedure', /New/);
  await shootScreen(page, 'editor-new');
  await goto('/library/import', /Import/);
  await shootScreen(page, 'import');

  await openRun(page, IDS.loto, 'Notify affected employees', 1);
  await shootScreen(page, 'runner-procedure');
  // The pre-trip checklist answers Pass / Fail / N/A: one item passed, one failed and flagged, asking for a note.
  await openRun(page, IDS.vehicle, 'Tyres inflated, no cuts or bulges, tread above 1.5 mm', 2);
  await page.getByLabel(PRETRIP_VEHICLE).fill('Ute 14');
  await answer(page, PRETRIP_REQUIRED[0], 'Pass');
  // Started, flagged and completed each at their own instant (same minute on screen), so Activity lists them in one order.
  await setClockTo(page, 2.2);
  await answer(page, LIGHTS, 'Fail');
  await expect(page.getByText('All changes saved on this device')).toBeVisible();
  await synced(page);
  await shootScreen(page, 'runner-checklist');
  // Every item answered and the failed one noted: completed, with what was found listed first.
  for (const label of PRETRIP_REQUIRED.slice(1)) if (label !== LIGHTS) await answer(page, label, 'Pass');
  await page.getByRole('textbox', { name: /^(Note for this item|Your note)$/ }).fill('Left brake light out; bulb replaced at the depot.');
  await expect(page.getByText('All changes saved on this device')).toBeVisible();
  await setClockTo(page, 2.4);
  await page.getByRole('button', { name: 'Complete checklist' }).click();
  await expect(page.getByRole('region', { name: 'Found: 1 flagged' })).toBeVisible();
  await synced(page);
  await shootScreen(page, 'checklist-found');

  // A form with logic: the defects section appears on "Yes", one row per defect, a check with the author's words, totals calculated.
  await openRun(page, IDS.defects, 'Asset or plant number', 3);
  await page.getByLabel('Asset or plant number').fill('Loader L-07');
  await page.getByLabel('Site').fill('North pit');
  await page.getByLabel('Date inspected').fill('2025-03-14');
  await page.getByLabel('Any defects found?').selectOption('Yes');
  await expect(page.getByRole('heading', { name: 'Defects' })).toBeVisible();
  if ((await page.getByLabel('Part or area').count()) === 0) await page.getByRole('button', { name: /Add defect/ }).click();
  await page.getByLabel('Part or area').first().fill('Bucket teeth');
  await page.getByLabel('Severity').first().selectOption('Medium');
  await page.getByLabel('Repair estimate (hours)').first().fill('250');
  await page.getByRole('button', { name: /Add defect/ }).click();
  await expect(page.getByLabel('Part or area')).toHaveCount(2);
  await page.getByLabel('Part or area').nth(1).fill('Left rear tyre sidewall');
  await page.getByLabel('Severity').nth(1).selectOption('High');
  await page.getByLabel('Repair estimate (hours)').nth(1).fill('3');
  await expect(page.getByText('A repair over 200 hours needs a work order instead')).toBeVisible();
  await expect(page.getByText('All changes saved on this device')).toBeVisible();
  await synced(page);
  await shootScreen(page, 'runner-form-logic');
  await goto(`/library/${IDS.defects}/edit`, /Edit/);
  await shootScreen(page, 'editor-rules');

  await openRun(page, IDS.incident, 'Location / area', 4);
  await synced(page);
  await shootScreen(page, 'runner-form');
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
  await shootScreen(page, 'runner-form-errors');
  await page.getByLabel('Date of incident').fill('2025-03-14');
  await page.getByLabel('Time (24 h, HH:MM)').fill('08:05');
  await page.getByLabel('Location / area').fill('Dock 4 loading bay');
  await page.getByLabel('Type of incident').selectOption('Near miss');
  await page.getByLabel('People involved').fill('2');
  await page.getByLabel('What happened?').fill('A pallet slid off the forklift forks while reversing; nobody was hit.');
  await page.getByLabel('Immediate actions taken').fill('Cordoned off the bay and restacked the pallet.');
  await page.getByLabel('Supervisor notified').check();
  await setClockTo(page, 5);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Submitted' }).first()).toBeVisible();
  await synced(page);
  await shootScreen(page, 'run-completed');

  await goto('/work', 'My work');
  await shootScreen(page, 'my-work');
  await goto('/activity', 'Activity');
  await shootScreen(page, 'activity');
  await goto('/settings', 'Settings');
  // The storage estimate is the machine's disk.
  await expect(page.getByText(/^Fieldbook uses/)).toBeVisible();
  await shootScreen(page, 'settings', { mask: (p) => [p.getByText(/^Fieldbook uses/)] });
  await goto('/invites', /Invite/);
  await shootScreen(page, 'invites');
  await goto('/sync', 'Sync');
  await shootScreen(page, 'sync');
  await page.goto(`${relay.url}/no-such-screen`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await shootScreen(page, 'not-found');

  // The phone menu, unfolded.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page).toHaveScreenshot('phone-menu-open-390x844.png');
  await context.close();
});
