// Import cycles, type-only imports included (`npm run lint` runs this after ESLint).
// import-x/no-cycle skips `import type`, so a cycle made of types alone would pass it;
// here TypeScript itself lists and resolves every import, re-export and import().
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const OPTIONS: ts.CompilerOptions = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, allowImportingTsExtensions: true };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * Edges (importer, imported; repository paths) left out of the graph, each an accepted cycle
 * (none today; one that is added must be named with its reason, also in eslint.boundaries.js).
 */
export const ALLOWED_EDGES: readonly (readonly [string, string])[] = [];

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const allowed = new Set(ALLOWED_EDGES.map(([from, to]) => `${join(ROOT, from)}\0${join(ROOT, to)}`));

/** Every import, re-export and import() of `file`, resolved to absolute paths where it resolves. */
export function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map(({ fileName }) => ts.resolveModuleName(fileName, file, OPTIONS, ts.sys).resolvedModule?.resolvedFileName)
    .filter((target): target is string => target !== undefined)
    .map((target) => resolve(target));
}

/** Local imports of each file under `dirs` (absolute paths), as TypeScript resolves them. */
export function importGraph(dirs: readonly string[]): Map<string, string[]> {
  const files = new Set(dirs.flatMap((dir) => sourceFiles(resolve(dir))));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = importsOf(file).filter((target) => files.has(target) && !allowed.has(`${file}\0${target}`));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the files around it (first file repeated last). */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const done = new Set<string>();
  const onPath: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    const at = onPath.indexOf(file);
    if (at >= 0) {
      cycles.push([...onPath.slice(at), file]);
      return;
    }
    if (done.has(file)) return;
    onPath.push(file);
    for (const next of graph.get(file) ?? []) visit(next);
    onPath.pop();
    done.add(file);
  };
  for (const file of [...graph.keys()].sort()) visit(file);
  return cycles;
}

export const CHECKED_DIRS = ['src', 'sync-server/src', 'sync-server/test', 'bench', 'e2e'];

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cycles = findCycles(importGraph(CHECKED_DIRS.map((dir) => join(ROOT, dir))));
  for (const cycle of cycles) console.error(`Import cycle: ${cycle.map((file) => relative(ROOT, file)).join(' -> ')}`);
  if (cycles.length > 0) process.exit(1);
  console.log('import cycles: none');
}
