import type { z } from 'zod';
import type { FieldbookDB } from './database';

/**
 * Read a small setting. Stored values may predate the current schema, so they are parsed
 * here, where they enter: an invalid value reads as absent rather than leaking a bad shape.
 */
export async function kvGet<T>(db: FieldbookDB, key: string, schema: z.ZodType<T>): Promise<T | undefined> {
  const row = await db.kv.get(key);
  if (row === undefined) return undefined;
  const parsed = schema.safeParse(row.value);
  return parsed.success ? parsed.data : undefined;
}

export async function kvSet(db: FieldbookDB, key: string, value: unknown): Promise<void> {
  await db.kv.put({ key, value });
}

export async function kvDelete(db: FieldbookDB, key: string): Promise<void> {
  await db.kv.delete(key);
}
