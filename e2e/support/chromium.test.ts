import { describe, expect, it } from 'vitest';
import { findChromium, MISSING_CHROMIUM } from './chromium';

const only =
  (...present: string[]) =>
  (path: string): boolean =>
    present.includes(path);

describe('finding the system Chromium', () => {
  it('takes CHROMIUM_PATH when it exists, and nothing else when it does not', () => {
    expect(findChromium({ CHROMIUM_PATH: '/opt/c/chrome' }, only('/opt/c/chrome', '/usr/bin/chromium'))).toBe('/opt/c/chrome');
    expect(findChromium({ CHROMIUM_PATH: '/opt/missing' }, only('/usr/bin/chromium'))).toBeUndefined();
  });

  it('finds Debian and Ubuntu installs, then PATH', () => {
    expect(findChromium({}, only('/usr/bin/chromium'))).toBe('/usr/bin/chromium');
    expect(findChromium({}, only('/usr/bin/chromium-browser'))).toBe('/usr/bin/chromium-browser');
    expect(findChromium({ PATH: '/nope:/opt/browsers/bin' }, only('/opt/browsers/bin/google-chrome'))).toBe('/opt/browsers/bin/google-chrome');
  });

  it('finds none on a machine without one, and says in one line what to run', () => {
    expect(findChromium({ PATH: '/usr/bin:/bin' }, only())).toBeUndefined();
    expect(MISSING_CHROMIUM).not.toContain('\n');
    expect(MISSING_CHROMIUM).toContain('apt-get install -y chromium');
  });
});
