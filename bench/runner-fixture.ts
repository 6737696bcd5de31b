/** Child of bench/runner.test.ts: runs one tiny suite (or a real one) through the bench runner. */
import { runSuites } from './runner';

const kind = process.argv[2];
await runSuites(
  {
    clean: () => Promise.resolve({ run: () => Promise.resolve([{ name: 'clean', value: 1, unit: 'ms' }]) }),
    // A suite that forgets to clear an interval: the runner must still exit, and name it.
    leak: () => Promise.resolve({ run: () => (setInterval(() => undefined, 60_000), Promise.resolve([{ name: 'leak', value: 1, unit: 'ms' }])) }),
    'sync convergence': () => import('./sync-converge'),
  },
  { only: kind ? [kind] : [], graceMs: 2_000 },
);
