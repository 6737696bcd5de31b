import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';

/**
 * Determinism for screenshot baselines: one bundled font (Inter, OFL, from @fontsource/inter)
 * forced on every element so the machine's fonts do not matter, a fixed clock, a fixed time
 * zone and locale, no animations, and no caret.
 */
export const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 800, height: 1280 },
  { width: 390, height: 844 },
] as const;

/** Friday 14 March 2025, 09:30 UTC: every "now" the screens show. */
export const FIXED_NOW = new Date('2025-03-14T09:30:00Z');

const DANGER = 'rgb(164, 22, 26)';

/**
 * Share of pixels that may differ. Reruns on one machine differ by 0 pixels (one bundled font,
 * CPU raster); at 0.01 a status pill 22 px wider (0.2 % of a tablet shot) still passed, so the
 * margin is 0.1 %: room for anti-aliasing on another machine with the same Chromium, not for a
 * changed control.
 */
const MAX_DIFF_PIXEL_RATIO = 0.001;
const FONT_DIR = join(import.meta.dirname, '..', '..', 'node_modules', '@fontsource', 'inter', 'files');
const fontFace = (weight: number): string => {
  const data = readFileSync(join(FONT_DIR, `inter-latin-${weight}-normal.woff2`)).toString('base64');
  return `@font-face { font-family: 'Fieldbook Test'; font-weight: ${weight}; font-style: normal; src: url(data:font/woff2;base64,${data}) format('woff2'); }`;
};
const TEST_CSS = [
  fontFace(400),
  fontFace(600),
  fontFace(700),
  `*, *::before, *::after { font-family: 'Fieldbook Test', sans-serif !important; animation: none !important; transition: none !important; caret-color: transparent !important; }`,
].join('\n');

/**
 * A browser context for visual tests. The test stylesheet goes in before any page script on
 * every navigation; `bypassCSP` lets that inline style (and its data: font) past the app's CSP.
 */
export async function visualContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: VIEWPORTS[0],
    bypassCSP: true,
    timezoneId: 'UTC',
    locale: 'en-GB',
    reducedMotion: 'reduce',
  });
  await context.addInitScript((css) => {
    const add = (): void => {
      const style = document.createElement('style');
      style.dataset.visualTest = '';
      style.textContent = css;
      document.documentElement.append(style);
    };
    if (document.documentElement) add();
    else document.addEventListener('DOMContentLoaded', add, { once: true });
  }, TEST_CSS);
  return context;
}

/** A page on a visual context with the clock fixed at FIXED_NOW (timers keep running). */
export async function visualPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.clock.setFixedTime(FIXED_NOW);
  return page;
}

/**
 * Move the fixed clock to `minutes` after FIXED_NOW. Records made at one fixed instant would
 * tie, and lists sorted by time would then order them by random id: step the clock between them.
 */
export async function setClockTo(page: Page, minutes: number): Promise<void> {
  await page.clock.setFixedTime(new Date(FIXED_NOW.getTime() + minutes * 60_000));
}

/** Every visible input, select, textarea and button: height and font size, and the border colour of valid and invalid fields. */
export async function expectFieldReady(page: Page, screen: string): Promise<void> {
  const problems = await page.evaluate((danger) => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('input, select, textarea, button'))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const type = el.getAttribute('type');
      if (type === 'checkbox' || type === 'radio' || type === 'hidden') continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden') continue;
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? ''}"`;
      if (box.height < 44) out.push(`${name} is ${box.height}px tall`);
      if (parseFloat(style.fontSize) < 16) out.push(`${name} text is ${style.fontSize}`);
      const invalid = el.getAttribute('aria-invalid') === 'true' || el.closest('.has-error') !== null;
      if (el.tagName !== 'BUTTON' && !invalid && style.borderTopColor === danger) out.push(`${name} is valid but has the danger border`);
      if (el.tagName !== 'BUTTON' && invalid && style.borderTopColor !== danger) out.push(`${name} is invalid without the danger border`);
    }
    // Text the user reads: any element with its own text under 16 px.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const small = new Set<Element>();
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (parent === null || node.textContent?.trim() === '' || small.has(parent)) continue;
      if (parent.closest('.visually-hidden, [hidden], script, style') !== null) continue;
      const box = parent.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const size = parseFloat(getComputedStyle(parent).fontSize);
      if (size < 16) {
        small.add(parent);
        out.push(`${parent.tagName.toLowerCase()}.${parent.className} "${node.textContent?.trim().slice(0, 40) ?? ''}" text is ${size}px`);
      }
    }
    return out;
  }, DANGER);
  expect.soft(problems, `field-ready controls on ${screen}`).toEqual([]);
}

export interface ShotOptions {
  /** Parts that differ between runs by nature: QR codes, tokens, relay-made dates. */
  readonly mask?: (page: Page) => Locator[];
  /** Run before each viewport's shot (e.g. wait for a layout-dependent element). */
  readonly settle?: (page: Page) => Promise<void>;
}

/**
 * The screen now shown, at every viewport: the computed-style check, then a full-page
 * screenshot against `e2e/__screenshots__/<spec>/<name>-<width>x<height>.png`.
 */
export async function shootScreen(page: Page, name: string, options: ShotOptions = {}): Promise<void> {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await page.evaluate(async () => {
      await document.fonts.ready;
      window.scrollTo(0, 0);
      (document.activeElement as HTMLElement | null)?.blur();
    });
    await page.mouse.move(0, 0);
    await options.settle?.(page);
    const size = `${viewport.width}x${viewport.height}`;
    await expectFieldReady(page, `${name} at ${size}`);
    await expect.soft(page, `${name} at ${size}`).toHaveScreenshot(`${name}-${size}.png`, {
      fullPage: true,
      mask: options.mask?.(page) ?? [],
      maxDiffPixelRatio: MAX_DIFF_PIXEL_RATIO,
    });
  }
  await page.setViewportSize(VIEWPORTS[0]);
}
