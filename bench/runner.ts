/**
 * The bench runner: runs suites one after another (each suite tears down what it started in its
 * own `finally`), prints one table, then makes sure the process exits by itself. Anything a
 * suite left open (a child, a socket, a timer, a browser) would keep Node alive with the table
 * already printed; the runner waits a short grace for the event loop to drain and, if it has
 * not, names the open handles on stderr and exits 1, so a leak shows up as a failed bench
 * instead of a hang.
 */
import type { BenchRow, BenchSuite } from './types';

/** Handles Node itself holds for the runner's stdio; not a suite's leak. */
const OWN_HANDLES = new Set(['PipeWrap', 'TTYWrap', 'FSReqCallback']);

export interface RunOptions {
  /** Only suites whose name contains one of these (empty: all). */
  readonly only?: readonly string[];
  /** How long the event loop may take to drain after the table. */
  readonly graceMs?: number;
  readonly print?: (rows: readonly BenchRow[]) => void;
}

/** Resources still alive besides the runner's own stdio, by type (e.g. `Timeout`, `TCPWrap`, `ProcessWrap`). */
export function openHandles(): string[] {
  return process.getActiveResourcesInfo().filter((type) => !OWN_HANDLES.has(type));
}

export async function runSuites(suites: Record<string, () => Promise<{ run: BenchSuite }>>, options: RunOptions = {}): Promise<void> {
  const only = options.only ?? [];
  const rows: BenchRow[] = [];
  let crashed = false;
  for (const [name, load] of Object.entries(suites)) {
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
  (options.print ?? printTable)(rows);
  if (crashed) process.exitCode = 1;
  // Unref'd: it never keeps the process alive itself; it fires only if something else does.
  setTimeout(() => {
    process.stderr.write(`bench: still running ${options.graceMs ?? 5_000} ms after the table; open handles: ${openHandles().join(', ') || 'none reported'}\n`);
    process.exit(1);
  }, options.graceMs ?? 5_000).unref();
}

function format(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function printTable(rows: readonly BenchRow[]): void {
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
