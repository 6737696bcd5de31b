import { expect, test } from '@playwright/test';
import type { BrowserContext, Page, WebSocketRoute } from '@playwright/test';
import { submitSignUp } from './support/fixtures';
import { startRelay, type RunningRelay } from './support/relay';
import { setClockTo, shootScreen, visualContext, visualPage } from './support/visual';

/**
 * Baseline and computed-style check of the runner showing a same-field conflict (two devices of
 * one person wrote Conveyor ID while their run changes could not reach the relay).
 * Regenerate with `npx playwright test e2e/visual --update-snapshots`.
 */
const LOTO = '5eed0000-0000-4000-8000-00000000d001';
const PASSWORD = 'correct-horse-battery';

let relay: RunningRelay;
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  await relay.stop();
});

/** Run-change sockets that can be cut off the relay and let through again (the page reconnects). */
async function switchableSockets(context: BrowserContext) {
  let held = false;
  const open = new Set<WebSocketRoute>();
  await context.routeWebSocket(/\/yjs\//, (ws) => {
    open.add(ws);
    if (!held) ws.connectToServer();
  });
  const closeAll = async (): Promise<void> => {
    for (const ws of open) await ws.close();
    open.clear();
  };
  return {
    async hold() {
      held = true;
      await closeAll();
    },
    async release() {
      held = false;
      await closeAll();
    },
  };
}

const conveyor = (page: Page) => page.getByRole('textbox', { name: 'Conveyor ID' });

test('the runner with a same-field conflict matches its baseline and is field-ready', async ({ browser }) => {
  test.setTimeout(120_000);
  const contextA = await visualContext(browser);
  const socketsA = await switchableSockets(contextA);
  const a = await visualPage(contextA);
  await submitSignUp(a, relay.url, { name: 'Ana Admin', email: 'ana@example.com', password: PASSWORD });
  await expect(a.getByRole('link', { name: 'Incident report' })).toBeVisible();
  await setClockTo(a, 1);
  await a.goto(`${relay.url}/library/${LOTO}`);
  await a.getByRole('button', { name: /Start/ }).first().click();
  await expect(conveyor(a)).toBeVisible();
  const runUrl = a.url();

  const contextB = await visualContext(browser);
  const socketsB = await switchableSockets(contextB);
  const b = await visualPage(contextB);
  await b.goto(`${relay.url}/sign-in`);
  await b.getByLabel('Email').fill('ana@example.com');
  await b.getByLabel('Password').fill(PASSWORD);
  await b.getByRole('button', { name: 'Sign in' }).click();
  await expect(b.getByRole('link', { name: 'Incident report' })).toBeVisible();
  await b.goto(runUrl);
  await expect(conveyor(b)).toBeVisible();
  for (const page of [a, b]) await expect(page.getByRole('banner').locator('.pill-label')).toHaveText('Synced', { timeout: 30_000 });

  await socketsA.hold();
  await socketsB.hold();
  await setClockTo(a, 5);
  await conveyor(a).fill('CV-101');
  await expect(a.getByText('All changes saved on this device')).toBeVisible();
  await setClockTo(b, 6);
  await conveyor(b).fill('CV-202');
  await expect(b.getByText('All changes saved on this device')).toBeVisible();
  await socketsA.release();
  await socketsB.release();

  const conflict = a.getByRole('group', { name: /Conveyor ID: changed on two devices at once/ });
  await expect(conflict).toBeVisible({ timeout: 30_000 });
  await expect(a.getByRole('banner').locator('.pill-label')).toHaveText('Synced', { timeout: 30_000 });
  await shootScreen(a, 'runner-conflict');
  await contextB.close();
  await contextA.close();
});
