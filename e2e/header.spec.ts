import { expect, test } from '@playwright/test';
import type { BrowserContext, Page, WebSocketRoute } from '@playwright/test';
import { answer, PRETRIP_REQUIRED } from './support/answers';
import { submitSignUp, uniqueEmail } from './support/fixtures';
import { startRelay, type RunningRelay } from './support/relay';

const PHONE = { width: 390, height: 844 };
const NAV = [
  { link: 'Library', heading: 'Library' },
  { link: 'My work', heading: 'My work' },
  { link: 'Activity', heading: 'Activity' },
  { link: 'Settings', heading: 'Settings' },
] as const;

let relay: RunningRelay;
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  await relay.stop();
});

async function signUpAdmin(page: Page): Promise<void> {
  await submitSignUp(page, relay.url, { name: 'Ana Admin', email: uniqueEmail('admin'), password: 'correct-horse-battery' });
  await expect(page.getByRole('link', { name: 'Incident report' })).toBeVisible();
}

const pill = (page: Page) => page.getByRole('banner').getByRole('link', { name: /Sync details/ });
/** The pill's visible words (its sentence is for screen readers and the tooltip). */
const pillWords = (page: Page) => pill(page).locator('.pill-label');

/** Run-change sockets that can be held: the page thinks it is connected, but the relay never hears it (so nothing is acknowledged). */
function holdableSockets(context: BrowserContext) {
  let held = false;
  const open = new Set<WebSocketRoute>();
  const ready = context.routeWebSocket(/\/yjs\//, (ws) => {
    if (held) return;
    open.add(ws);
    ws.connectToServer();
  });
  return {
    ready,
    async hold() {
      held = true;
      for (const ws of open) await ws.close();
      open.clear();
    },
  };
}

test('phone header: one row under 72 px, a pill with the pending count online and offline, every nav link reachable from the menu', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE });
  const sockets = holdableSockets(context);
  await sockets.ready;
  const page = await context.newPage();
  await signUpAdmin(page);

  const header = page.getByRole('banner');
  const box = await header.boundingBox();
  expect(box?.height ?? Infinity).toBeLessThanOrEqual(72);
  expect(box?.width ?? 0).toBeLessThanOrEqual(PHONE.width);
  await expect(pillWords(page)).toHaveText('Synced', { timeout: 30_000 });
  await expect(pill(page)).toHaveAccessibleName('All changes saved on the relay. Sync details');
  // Brand, pill and Menu sit on one row and none of them is cut off.
  const menu = page.getByRole('button', { name: 'Menu' });
  const brand = header.getByText('Fieldbook', { exact: true });
  for (const part of [brand, pill(page), menu]) {
    const b = await part.boundingBox();
    expect(b).not.toBeNull();
    expect(b!.y + b!.height).toBeLessThanOrEqual(box!.y + box!.height);
    expect(b!.x + b!.width).toBeLessThanOrEqual(PHONE.width);
  }

  // The nav is folded; the Menu button opens it and every link works, by tap and by keyboard.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toBeHidden();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  for (const item of NAV) {
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    const link = nav.getByRole('link', { name: item.link });
    await expect(link).toBeInViewport({ ratio: 1 });
    await link.click();
    await expect(page.getByRole('heading', { level: 1, name: item.heading })).toBeVisible();
    await expect(nav).toBeHidden();
  }
  await menu.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(nav.getByRole('link', { name: 'Library' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();

  // Online with a run change the relay has not stored: the pill counts it.
  await page.getByRole('link', { name: 'Vehicle pre-trip inspection' }).click();
  await page.getByRole('button', { name: /Start/ }).first().click();
  await expect(page.getByText('Tyres inflated, no cuts or bulges, tread above 1.5 mm')).toBeVisible();
  await expect(pillWords(page)).toHaveText('Synced', { timeout: 30_000 });
  await sockets.hold();
  await answer(page, PRETRIP_REQUIRED[0], 'Pass');
  // The pill and its sentence give the same count (the counting itself is sync-status.test.ts's).
  await expect(pillWords(page)).toHaveText(/^\d+ waiting$/, { timeout: 30_000 });
  const online = Number(/^(\d+)/.exec(await pillWords(page).innerText())?.[1]);
  expect(online).toBeGreaterThan(0);
  await expect(pill(page)).toHaveAccessibleName(`${online} ${online === 1 ? 'change' : 'changes'} waiting to sync. Sync details`);

  // Offline: the count stays in the pill, and it leads to /sync.
  await context.setOffline(true);
  await answer(page, PRETRIP_REQUIRED[1], 'Pass');
  await expect(pillWords(page)).toHaveText(/^Offline · \d+$/, { timeout: 30_000 });
  const offline = Number(/(\d+)$/.exec(await pillWords(page).innerText())?.[1]);
  expect(offline).toBeGreaterThan(0);
  await expect(header.getByRole('status').filter({ hasText: `Offline — ${offline} ${offline === 1 ? 'change' : 'changes'} kept on this device` })).toBeAttached();
  expect((await header.boundingBox())?.height ?? Infinity).toBeLessThanOrEqual(72);
  await pill(page).click();
  await expect(page).toHaveURL(/\/sync$/);
  await context.close();
});

for (const viewport of [{ width: 1024, height: 768 }, { width: 800, height: 1280 }]) {
  test(`tablet header at ${viewport.width}x${viewport.height}: nav links shown without a menu, pill beside the name`, async ({ browser }) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await signUpAdmin(page);
    await expect(page.getByRole('button', { name: 'Menu' })).toBeHidden();
    await expect(pillWords(page)).toHaveText('Synced', { timeout: 30_000 });
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const item of NAV) await expect(nav.getByRole('link', { name: item.link })).toBeInViewport({ ratio: 1 });
    expect((await page.getByRole('banner').boundingBox())?.height ?? Infinity).toBeLessThanOrEqual(120);
    await context.close();
  });
}
