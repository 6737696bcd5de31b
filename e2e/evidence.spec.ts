import { createHash } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, submitSignUp, uniqueEmail, waitForServiceWorkerControl } from './support/fixtures';
import { answer } from './support/answers';
import { EVIDENCE_FORM as FORM, evidenceDefinition } from './support/evidence-form';
import { jpeg } from './support/images';
import { publishDocument } from './support/publish';
import { startRelay, type RunningRelay } from './support/relay';

/**
 * Evidence offline (issue 11): photos made in the test as real JPEGs, a drawn signature and a
 * located position, all captured with the network cut and kept across a reload; back online
 * the relay holds every file byte for byte and the header says nothing is waiting.
 */
let relay: RunningRelay;
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  await relay.stop();
});

const header = (page: Page) => page.getByRole('banner');
const photos = (page: Page) => page.getByRole('img', { name: /^Photos of the damage, photo \d$/ });

/** The sha256 of every file this device stored (the names the relay must serve). */
const storedHashes = (page: Page): Promise<string[]> =>
  page.evaluate(async () => {
    const session = JSON.parse(localStorage.getItem('fieldbook.session') ?? '{}') as { user?: { id?: string } };
    const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.includes(session.user?.id ?? '?'));
    const out: string[] = [];
    for (const name of names) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error ?? new Error('open failed'));
      });
      if (db.objectStoreNames.contains('files')) {
        const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
          const req = db.transaction('files').objectStore('files').getAllKeys();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error ?? new Error('read failed'));
        });
        out.push(...keys.map(String));
      }
      db.close();
    }
    return out.sort();
  });

test('photos, a signature and a location captured offline survive a reload and reach the relay byte for byte', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 800, height: 1280 }, permissions: ['geolocation'], geolocation: { latitude: -33.8688, longitude: 151.2093, accuracy: 3 } });
  const page = await context.newPage();
  const email = uniqueEmail('evidence');
  await submitSignUp(page, relay.url, { name: 'Eve Evidence', email, password: 'correct-horse-battery' });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await publishDocument(page, FORM, 'form', evidenceDefinition);
  await waitForServiceWorkerControl(page);
  const images = [await jpeg(page, 4000, 3000, 10), await jpeg(page, 3000, 4000, 90), await jpeg(page, 1200, 900, 200), await jpeg(page, 640, 480, 300), await jpeg(page, 5000, 3750, 45)];
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  await page.getByRole('link', { name: FORM }).click({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Start form' }).click();
  await page.waitForURL(/\/run\//);

  await context.setOffline(true);
  // Photos from the gallery: three at once, then two more; each is downscaled and stored before it shows.
  const picker = page.locator('input[type=file][data-evidence=picker]');
  await picker.setInputFiles(images.slice(0, 3).map((buffer, i) => ({ name: `damage-${i + 1}.jpg`, mimeType: 'image/jpeg', buffer })));
  await expect(photos(page)).toHaveCount(3, { timeout: 30_000 });
  await picker.setInputFiles(images.slice(3).map((buffer, i) => ({ name: `damage-${i + 4}.jpg`, mimeType: 'image/jpeg', buffer })));
  await expect(photos(page)).toHaveCount(5, { timeout: 30_000 });
  // Five is the author's maximum: no more buttons to add one.
  await expect(page.getByRole('button', { name: 'Choose from gallery' })).toHaveCount(0);
  await expect(page.getByText('All changes saved on this device')).toBeVisible();

  await page.getByLabel('What was found').fill('Cracked fascia board');
  await expect(page.getByText('All changes saved on this device')).toBeVisible();
  // A signature drawn with the pointer, and the signer's name.
  const pad = page.locator('canvas[data-evidence=signature-pad]');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (box === null) throw new Error('no signature pad');
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 20 + i * 25, box.y + box.height / 2 + (i % 2 === 0 ? -30 : 30), { steps: 4 });
  await page.mouse.up();
  await page.getByLabel('Name of the person signing').fill('Dana Supervisor');
  await page.getByRole('button', { name: 'Save signature' }).click();
  await expect(page.getByRole('img', { name: 'Supervisor signature: signature of Dana Supervisor' })).toBeVisible();
  // The signature vouches for the answers as they were: changing one makes it stale, and it says so; undoing the change clears it.
  const stale = page.getByText('Answers changed after this was signed. Sign again to confirm them.');
  await expect(stale).toHaveCount(0);
  await page.getByLabel('What was found').fill('Cracked fascia board, two metres');
  await expect(stale).toBeVisible();
  await page.getByLabel('What was found').fill('Cracked fascia board');
  await expect(stale).toHaveCount(0);

  // The position: a 3 m fix is taken on its own.
  await page.getByRole('button', { name: 'Record the location' }).click();
  await expect(page.getByText('-33.868800, 151.209300')).toBeVisible();
  await expect(page.getByText('All changes saved on this device')).toBeVisible();

  // Offline, the header counts the files kept here with their size.
  await expect(header(page).getByText(/Offline — .*\d+ files, [\d.]+ (MB|KB) kept on this device/)).toBeAttached({ timeout: 30_000 });
  await expectAccessible(page, 'evidence fields');
  // Sync says the same: how many files and how much is waiting.
  await page.getByRole('link', { name: /Sync details/ }).click();
  await expect(page.getByRole('region', { name: 'Photos and files' }).getByText(/^12 files, [\d.]+ (MB|KB) waiting to upload\.$/)).toBeVisible();
  await page.goBack();
  await expect(photos(page)).toHaveCount(5);

  // Across a reload, still offline: every photo, the signature and the location are there.
  await page.reload();
  await expect(photos(page)).toHaveCount(5, { timeout: 30_000 });
  await expect(page.getByRole('img', { name: 'Supervisor signature: signature of Dana Supervisor' })).toBeVisible();
  await expect(page.getByText('-33.868800, 151.209300')).toBeVisible();
  const thumb = await photos(page).first().evaluate((img: HTMLImageElement) => ({ w: img.naturalWidth, h: img.naturalHeight }));
  expect(Math.max(thumb.w, thumb.h)).toBe(320);
  // The fifth photo was 5000 × 3750 (18.75 MP, over the 16.7 MP canvas limit): downscaled, not blank.
  const spread = await photos(page)
    .nth(4)
    .evaluate((img: HTMLImageElement) => {
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d');
      ctx?.drawImage(img, 0, 0);
      const data = ctx?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      let min = 255;
      let max = 0;
      for (let i = 0; i < data.length; i += 4) {
        const v = data[i] ?? 0;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      return { w: canvas.width, h: canvas.height, min, max };
    });
  expect(spread).toMatchObject({ w: 320, h: 240 });
  expect(spread.max - spread.min).toBeGreaterThan(60);

  // Back online: the files go up; the header says all is on the relay only once they are.
  await context.setOffline(false);
  await expect(header(page).getByText('All changes saved on the relay')).toBeAttached({ timeout: 60_000 });
  const hashes = await storedHashes(page);
  // 5 photos and their thumbnails, the signature's PNG and strokes.
  expect(hashes).toHaveLength(12);
  const token = await page.evaluate(() => (JSON.parse(localStorage.getItem('fieldbook.session') ?? '{}') as { token?: string }).token ?? '');
  for (const sha of hashes) {
    const res = await fetch(`${relay.url}/api/blobs/${sha}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status, sha).toBe(200);
    expect(createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex')).toBe(sha);
  }
  await page.getByRole('link', { name: /Sync details/ }).click();
  await expect(page.getByText('None. The relay holds every photo and file taken on this device.')).toBeVisible();

  // A second tablet: the same person signs in and opens the run; the thumbnails and the
  // signature come from the relay (checked against their hashes) and are kept there.
  const tabletB = await browser.newContext({ viewport: { width: 800, height: 1280 } });
  const b = await tabletB.newPage();
  await b.goto(relay.url);
  await b.getByLabel('Email').fill(email);
  await b.getByLabel('Password').fill('correct-horse-battery');
  await b.getByRole('button', { name: 'Sign in' }).click();
  await b.getByRole('link', { name: 'My work' }).click();
  await b.getByRole('link', { name: `Resume ${FORM}` }).click({ timeout: 30_000 });
  await expect(photos(b)).toHaveCount(5, { timeout: 30_000 });
  await expect(b.getByRole('img', { name: 'Supervisor signature: signature of Dana Supervisor' })).toBeVisible({ timeout: 30_000 });
  await expect(b.getByText('-33.868800, 151.209300')).toBeVisible();
  const shown = await photos(b).evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth));
  expect(shown.every((w) => w > 0)).toBe(true);
  // Only thumbnails and the signature image were fetched; the originals stay on the relay until asked for.
  expect((await storedHashes(b)).length).toBe(6);
  // The full photo on demand: fetched from the relay when asked for, at the size it was kept (2048 px).
  await b.getByRole('button', { name: 'View photo 1 full size' }).click();
  const full = b.getByRole('dialog', { name: 'Photos of the damage, photo 1' }).getByRole('img', { name: 'Photos of the damage, photo 1' });
  await expect(full).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2048);
  await b.keyboard.press('Escape');
  await expect(b.getByRole('dialog')).toHaveCount(0);
  expect((await storedHashes(b)).length).toBe(7);
  await tabletB.close();
  await context.close();
});

test('a nearly full device warns before a photo; a full one refuses it in words and keeps what it had', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 800, height: 1280 } });
  // The browser's estimate, steered by the test: 50 %, then 85 %, then 97 % of a 1 GB quota.
  await context.addInitScript(() => {
    const w = window as unknown as { fieldbookTestShare: number };
    w.fieldbookTestShare = 0.5;
    navigator.storage.estimate = () => Promise.resolve({ usage: Math.round(w.fieldbookTestShare * 1e9), quota: 1e9 });
  });
  const page = await context.newPage();
  await submitSignUp(page, relay.url, { name: 'Full Device', email: uniqueEmail('full'), password: 'correct-horse-battery' });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await publishDocument(page, FORM, 'form', evidenceDefinition);
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  await page.getByRole('link', { name: FORM }).click({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Start form' }).click();
  const picker = page.locator('input[type=file][data-evidence=picker]');
  const photo = async (hue: number) => ({ name: `p${hue}.jpg`, mimeType: 'image/jpeg', buffer: await jpeg(page, 800, 600, hue) });

  await picker.setInputFiles([await photo(10)]);
  await expect(photos(page)).toHaveCount(1, { timeout: 30_000 });
  await page.evaluate(() => ((window as unknown as { fieldbookTestShare: number }).fieldbookTestShare = 0.85));
  await picker.setInputFiles([await photo(120)]);
  await expect(photos(page)).toHaveCount(2, { timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: "This device's storage for Fieldbook is 85 % full. New photos are still kept; at 95 % they are refused." })).toBeVisible();
  await page.evaluate(() => ((window as unknown as { fieldbookTestShare: number }).fieldbookTestShare = 0.97));
  await picker.setInputFiles([await photo(240)]);
  await expect(page.getByRole('status').filter({ hasText: /97 % full, so no new photo or file is taken: what is already kept stays safe/ })).toBeVisible();
  await expect(photos(page)).toHaveCount(2);
  await context.close();
});

test('a failed checklist item asks for a photo of what was found, and the checklist completes only with one', async ({ page }) => {
  await submitSignUp(page, relay.url, { name: 'Flag Photo', email: uniqueEmail('flagphoto'), password: 'correct-horse-battery' });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  const TITLE = 'Gutter check';
  await publishDocument(page, TITLE, 'checklist', {
    sections: [{ id: 'roof', title: 'Roof', items: [{ id: 'gutter', label: 'Gutters clear', required: true, responses: 'pass-fail-na', photoWhenFlagged: 'required' }] }],
  });
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  await page.getByRole('link', { name: TITLE }).click({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Start checklist' }).click();
  const photoGroup = page.getByRole('group', { name: 'Photo of what was found on “Gutters clear” (required)' });
  await expect(photoGroup).toHaveCount(0);
  await answer(page, 'Gutters clear', 'Fail');
  await expect(photoGroup).toBeVisible();
  await page.getByRole('button', { name: 'Complete checklist' }).click();
  await expect(page.getByText('Add a photo of what you found before completing: Gutters clear.')).toBeVisible();
  await photoGroup.locator('input[type=file][data-evidence=picker]').setInputFiles([{ name: 'gutter.jpg', mimeType: 'image/jpeg', buffer: await jpeg(page, 1200, 900, 160) }]);
  await expect(photoGroup.getByRole('img', { name: /photo 1$/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('All changes saved on this device')).toBeVisible();
  await page.getByRole('button', { name: 'Complete checklist' }).click();
  await expect(page.getByRole('region', { name: 'Found: 1 flagged' })).toBeVisible();
});
