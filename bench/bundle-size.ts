import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchSuite } from './types';

const DIST = join(import.meta.dirname, '..', 'dist');
const BUDGET_KB = 150;

/** The JS a first visit must fetch before the app runs: the entry script and its modulepreloads. */
function initialScripts(html: string): string[] {
  const srcs = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)];
  return [...new Set(srcs.map((m) => m[1] ?? ''))].filter(Boolean);
}

const gzKb = (path: string): number => gzipSync(readFileSync(join(DIST, path.replace(/^\//, '')))).byteLength / 1024;

export const run: BenchSuite = async () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const initial = initialScripts(html);
  const initialKb = initial.reduce((sum, path) => sum + gzKb(path), 0);
  const { readdirSync } = await import('node:fs');
  const allJs = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
  const allKb = allJs.reduce((sum, f) => sum + gzKb(`assets/${f}`), 0);
  return [
    {
      name: 'initial JS (gzip)',
      value: initialKb,
      unit: 'KB',
      budget: `<= ${BUDGET_KB} KB`,
      pass: initialKb <= BUDGET_KB,
      baseline: allKb,
      ratio: `${((initialKb / allKb) * 100).toFixed(0)}% of all JS`,
      note: `${initial.length} file(s) before first render; baseline = all ${allJs.length} chunks`,
    },
  ];
};
