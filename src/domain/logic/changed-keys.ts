import type { CompletionSnapshot } from '../snapshot';

/** Same answer: the same value, or two lists with the same items in the same order. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}

function diff(a: object | undefined, b: object | undefined, out: Set<string>): void {
  const x = (a ?? {}) as Record<string, unknown>;
  const y = (b ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(x)) if (!Object.hasOwn(y, key) || !same(x[key], y[key])) out.add(key);
  for (const key of Object.keys(y)) if (!Object.hasOwn(x, key)) out.add(key);
}

/**
 * The keys `update` needs between two snapshots of one run: answers (`values` keys), done
 * flags (item and step ids) and groups whose live rows changed. For a caller that holds the
 * previous snapshot rather than the list of writes: `update(state, next, changedKeys(prev, next))`.
 */
export function changedKeys(previous: CompletionSnapshot, next: CompletionSnapshot): string[] {
  const out = new Set<string>();
  diff(previous.values, next.values, out);
  diff(previous.done, next.done, out);
  diff(previous.rows, next.rows, out);
  return [...out];
}
