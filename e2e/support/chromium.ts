import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { LaunchOptions } from '@playwright/test';

/** Where Debian, Ubuntu and Chrome's own packages put the browser. */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];
const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** One line for a machine without Chromium (browser downloads are impossible here, so never Playwright's banner). */
export const MISSING_CHROMIUM =
  'e2e needs Chromium and none was found: run `sudo apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium binary.';

/**
 * The system Chromium: CHROMIUM_PATH when set (and present), else the usual install paths,
 * else the first `chromium`/`google-chrome` on PATH. Undefined when there is none.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): string | undefined {
  const given = env.CHROMIUM_PATH;
  if (given !== undefined && given !== '') return exists(given) ? given : undefined;
  for (const path of CHROMIUM_CANDIDATES) if (exists(path)) return path;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const name of NAMES) if (exists(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Launch options for the system Chromium; fails with one readable line when there is none. */
export function chromiumLaunchOptions(): LaunchOptions {
  const executablePath = findChromium();
  if (executablePath === undefined) throw new Error(MISSING_CHROMIUM);
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ];
  return { executablePath, args };
}
