/** `obj` with `key` set, or removed when `value` is undefined (exactOptionalPropertyTypes). */
export function withOptional<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): T {
  const next = { ...obj };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}
