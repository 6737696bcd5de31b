/** `obj` with `key` set, or removed when `value` is undefined (exactOptionalPropertyTypes). */
export function withOptional<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): T {
  const next = { ...obj };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/**
 * `n` kept within the schema's bounds: a draft is checked for its shape when it is saved, and
 * numbers keep their bounds there (a weight of -5 would stop the draft from saving at all).
 */
export const clamp = (n: number, least: number, most: number): number => Math.min(most, Math.max(least, n));
