#!/usr/bin/env node
// `npm test`: typecheck, lint, unit + integration (vitest), e2e (Playwright on the built PWA),
// then one closing line "tests: N passed, N failed" summed over both runners.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync, rmSync } from 'node:fs';
import { tsImport } from 'tsx/esm/api';

const { findChromium, MISSING_CHROMIUM } = await tsImport('../e2e/support/chromium.ts', import.meta.url);

/**
 * e2e runs in the system Chromium (browser downloads are impossible here). None found: as root
 * on Debian/Ubuntu, install it the way .ci/run does; otherwise say in one line what to run.
 */
function ensureChromium() {
  let found = findChromium();
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (found === undefined && asRoot && existsSync('/usr/bin/apt-get') && !process.env.CHROMIUM_PATH) {
    console.log('No Chromium found: installing it from Debian packages (apt-get install -y chromium)…');
    spawnSync('sh', ['-c', 'apt-get update -qq && apt-get install -y -qq chromium >/dev/null'], { stdio: 'inherit' });
    found = findChromium();
  }
  if (found === undefined) console.log(MISSING_CHROMIUM);
  return found;
}

rmSync('.tmp/test-report', { recursive: true, force: true });
mkdirSync('.tmp/test-report', { recursive: true });
const steps = [
  ['typecheck', 'npm', ['run', 'typecheck']],
  ['lint', 'npm', ['run', 'lint']],
  ['unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=.tmp/test-report/unit.json']],
  ['build', 'npm', ['run', 'build']],
  ['e2e', 'npx', ['playwright', 'test']],
];

let failedStep;
for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name} ===`);
  let env = process.env;
  if (name === 'e2e') {
    const chromium = ensureChromium();
    if (chromium === undefined) {
      failedStep ??= name;
      continue;
    }
    env = { ...process.env, CHROMIUM_PATH: chromium };
  }
  const result = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    failedStep ??= name;
    if (name === 'typecheck' || name === 'lint' || name === 'build') break;
  }
}

const read = (path) => {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
};
let passed = 0;
let failed = 0;
const unit = read('.tmp/test-report/unit.json');
if (unit) {
  passed += unit.numPassedTests ?? 0;
  failed += unit.numFailedTests ?? 0;
}
const e2e = read('.tmp/test-report/e2e.json');
if (e2e?.stats) {
  passed += e2e.stats.expected ?? 0;
  failed += (e2e.stats.unexpected ?? 0) + (e2e.stats.flaky ?? 0);
}
if (failedStep && failed === 0) failed = 1; // a failing typecheck/lint/build counts as a failure
console.log(`\n${failedStep ? `failed at: ${failedStep}` : 'all steps passed'}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failedStep ? 1 : 0);
