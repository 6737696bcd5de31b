/**
 * `npm run bench`: measures the budgets of DESIGN.md §6 and prints one table. Numbers, not
 * pass/fail tests: a row over budget is marked, and the process still exits 0 unless a
 * suite itself crashed or left handles open (bench/runner.ts). Each suite compares against a
 * baseline measured in the same run.
 */
import { runSuites } from './runner';
import type { BenchSuite } from './types';

const SUITES: Record<string, () => Promise<{ run: BenchSuite }>> = {
  'bundle size': () => import('./bundle-size'),
  'cold start': () => import('./cold-start'),
  'completion doc size': () => import('./completion-doc-size'),
  'indexeddb (chromium)': () => import('./browser-suite'),
  'sync convergence': () => import('./sync-converge'),
  'relay fan-out': () => import('./relay-fanout'),
  'relay fan-out, stock clients vs hocuspocus': () => import('./relay-fanout-stock'),
  'relay costly frames': () => import('./relay-costly-frames'),
  'relay idle': () => import('./relay-idle'),
  'share redeem': () => import('./share-redeem'),
  'logic evaluation': () => import('./logic-eval'),
  'file uploads': () => import('./file-upload'),
};

await runSuites(SUITES, { only: process.argv.slice(2) });
