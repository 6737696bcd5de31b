import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/support/chromium';

/**
 * e2e runs the built PWA (`npm run build`) served by a real relay that each spec starts on
 * port 0 with its own fresh DATA_DIR (see e2e/support/relay.ts). Real Chromium: the system
 * one at /usr/bin/chromium or CHROMIUM_PATH.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: {
    timeout: 15_000,
    // Visual baselines (e2e/visual-*.spec.ts): a small tolerance for a fresh machine with the same Chromium
    // (e2e/support/visual.ts says why 0.1 %).
    toHaveScreenshot: { maxDiffPixelRatio: 0.001, animations: 'disabled', caret: 'hide', scale: 'css' },
  },
  // Readable baseline paths: e2e/__screenshots__/<spec file>/<screen>-<width>x<height>.png
  snapshotPathTemplate: '{testDir}/__screenshots__/{testFilePath}/{arg}{ext}',
  reporter: [['list'], ['json', { outputFile: '.tmp/test-report/e2e.json' }]],
  use: {
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1024, height: 768 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
