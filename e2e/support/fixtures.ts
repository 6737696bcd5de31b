import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Fails on any serious or critical axe-core violation on the current screen. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`),
    `axe violations on ${screen}`,
  ).toEqual([]);
}

/** Resolves once a service worker controls the page (it precached the shell). */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null && navigator.serviceWorker?.controller !== undefined, undefined, {
    timeout: 30_000,
  });
}

let counter = 0;
export function uniqueEmail(prefix: string): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}.${counter}@example.com`;
}

/**
 * Open `url` (the relay, or an invite link `/join#…`) and send the sign-up form: for specs whose
 * subject is not the sign-up screen itself. Each spec then waits for the screen it expects.
 */
export async function submitSignUp(page: Page, url: string, person: { readonly name: string; readonly email: string; readonly password: string }): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/**
 * An invite link (`<origin>/join#<code>`) made through the API with the admin session signed in
 * on `adminPage`: for specs whose subject is not the invite screen itself.
 */
export async function inviteLinkFrom(adminPage: Page, body: { email?: string; role?: 'admin' | 'member' } = {}): Promise<string> {
  const url = await adminPage.evaluate(async (request) => {
    const session = JSON.parse(localStorage.getItem('fieldbook.session') ?? '{}') as { token?: string };
    const res = await fetch('/api/invites', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token ?? ''}` },
      body: JSON.stringify(request),
    });
    if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { url: string }).url;
  }, body);
  expect(url).toMatch(/\/join#[A-Za-z0-9_-]{22}$/);
  return url;
}
