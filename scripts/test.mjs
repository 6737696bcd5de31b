#!/usr/bin/env node
// `npm test`: typecheck, lint, unit + integration (vitest), e2e (Playwright on the built PWA),
// then one closing line "tests: N passed, N failed" summed over both runners.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync, rmSync } from 'node:fs';

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
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
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
