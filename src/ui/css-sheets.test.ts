import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The rules that let the split stylesheets keep what users see (ARCHITECTURE.md, offline cold
// start). main.tsx loads the shared sheets first; a feature's sheet arrives later with its lazy
// route, two feature sheets arrive in either order, and a loaded sheet stays for every later
// screen. So each feature rule is scoped by a class only that feature's components render
// (rules of two features then meet only where one's container holds the other's, as the
// editor's preview holds the runner), and a component rendering a class that only its feature's
// sheet styles imports that sheet itself.
const ui = path.dirname(fileURLToPath(import.meta.url));
const FEATURES = ['account', 'activity', 'editor', 'library', 'my-work', 'run', 'share', 'sync'];
const SHARED = ['tokens', 'base', 'shell', 'controls', 'blocks'];

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? files(file) : [file];
  });

/** Selectors of the top-level rules (inside @media too); rules nested in a rule stay with it. */
function selectors(css: string): string[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const found: string[] = [];
  const stack: ('media' | 'rule')[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') {
      const head = text.slice(start, i).trim();
      const kind = head.startsWith('@') ? 'media' : 'rule';
      if (kind === 'rule' && !stack.includes('rule')) found.push(head);
      stack.push(kind);
      start = i + 1;
    } else if (c === '}') {
      stack.pop();
      start = i + 1;
    } else if (c === ';') start = i + 1;
  }
  return found.flatMap((s) => s.split(',').map((one) => one.trim()));
}

const classesIn = (selector: string) => [...selector.matchAll(/\.([a-zA-Z_][\w-]*)/g)].map((m) => m[1] ?? '');
const sheet = (name: string) => {
  const dir = SHARED.includes(name) ? 'shared' : name;
  return readFileSync(path.join(ui, dir, `${name}.css`), 'utf8');
};
const classesOf = (name: string) => new Set(selectors(sheet(name)).flatMap(classesIn));

const components = files(ui).filter((file) => file.endsWith('.tsx'));
const featureOf = (file: string) => path.relative(ui, file).split(path.sep)[0] ?? '';
const classNames = (source: string) => [...source.matchAll(/className=(?:"[^"]*"|\{[^}]*\})/g)].flatMap((m) => m[0].split(/[^\w-]+/));
const renderedIn = new Map<string, Set<string>>();
for (const file of components) {
  for (const c of classNames(readFileSync(file, 'utf8'))) renderedIn.set(c, (renderedIn.get(c) ?? new Set()).add(featureOf(file)));
}
/** Classes that only this feature's components render (its sheet stays loaded after a visit). */
const ownedBy = (feature: string, c: string) => [...(renderedIn.get(c) ?? [])].every((f) => f === feature) && renderedIn.has(c);

describe('split stylesheets', () => {
  it.each(FEATURES)('every rule of %s.css is scoped by a class only that feature renders', (feature) => {
    const unscoped = selectors(sheet(feature)).filter((s) => !classesIn(s).some((c) => ownedBy(feature, c)));
    expect(unscoped).toEqual([]);
  });

  // The recipient's entry screen renders inside RecipientLayout, which imports share.css (the
  // screen's logic is being moved to src/share by another change).
  const COVERED_BY_LAYOUT = new Set(['share/RecipientEntryScreen.tsx']);
  // Classes only this feature's sheet styles: a component rendering one must bring the sheet.
  const styledOnlyBy = (feature: string) => {
    const others = [...FEATURES, ...SHARED].filter((other) => other !== feature).map(classesOf);
    return [...classesOf(feature)].filter((c) => !others.some((set) => set.has(c)));
  };

  it.each(FEATURES)('every component that renders a class of %s.css imports that sheet', (feature) => {
    const missing = components.filter((file) => {
      const source = readFileSync(file, 'utf8');
      const rel = path.relative(ui, file);
      if (COVERED_BY_LAYOUT.has(rel)) return false;
      const used = new Set(classNames(source));
      const renders = styledOnlyBy(feature).some((c) => used.has(c));
      const imports = new RegExp(`^import '[./]*(?:${feature}/)?${feature}\\.css';$`, 'm').test(source);
      return renders && !imports;
    });
    expect(missing.map((file) => path.relative(ui, file))).toEqual([]);
  });

  it('main.tsx imports the shared sheets first, in cascade order', () => {
    const main = readFileSync(path.join(ui, '..', 'main.tsx'), 'utf8');
    const imported = [...main.matchAll(/^import '\.\/ui\/shared\/([\w-]+)\.css';$/gm)].map((m) => m[1]);
    expect(imported).toEqual(SHARED);
  });
});
