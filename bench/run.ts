/**
 * `npm run bench`: measures the budgets of DESIGN.md §6 and prints one table. Numbers, not
 * pass/fail tests: a row over budget is marked, and the process still exits 0 unless a
 * suite itself crashed. Each suite compares against a baseline measured in the same run.
 */
import type { BenchRow, BenchSuite } from './types';

const SUITES: Record<string, () => Promise<{ run: BenchSuite }>> = {
  'bundle size': () => import('./bundle-size'),
  'cold start': () => import('./cold-start'),
  'completion doc size': () => import('./completion-doc-size'),
  'indexeddb (chromium)': () => import('./browser-suite'),
  'sync convergence': () => import('./sync-converge'),
  'relay fan-out': () => import('./relay-fanout'),
  'relay idle': () => import('./relay-idle'),
  'share redeem': () => import('./share-redeem'),
};

function format(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function printTable(rows: readonly BenchRow[]): void {
  const header = ['measure', 'value', 'budget', 'ok', 'baseline', 'ratio', 'note'];
  const body = rows.map((r) => [
    r.name,
    `${format(r.value)} ${r.unit}`,
    r.budget ?? '',
    r.pass === undefined ? '' : r.pass ? 'yes' : 'NO',
    r.baseline === undefined ? '' : `${format(r.baseline)} ${r.unit}`,
    r.ratio ?? '',
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of body) console.log(line(row));
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const rows: BenchRow[] = [];
  let crashed = false;
  for (const [name, load] of Object.entries(SUITES)) {
    if (only.length > 0 && !only.some((o) => name.includes(o))) continue;
    process.stderr.write(`bench: ${name}…\n`);
    try {
      const suite = await load();
      rows.push(...(await suite.run()));
    } catch (error) {
      crashed = true;
      rows.push({ name: `${name} (crashed)`, value: Number.NaN, unit: '', note: String(error).slice(0, 120) });
    }
  }
  printTable(rows);
  if (crashed) process.exitCode = 1;
}

await main();
