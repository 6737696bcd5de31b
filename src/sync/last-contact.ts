import { z } from 'zod';
import { kvGet, kvSet } from '../db';
import type { FieldbookDB } from '../db';
import type { LAST_FLUSHED_KEY, LAST_PULLED_KEY } from '../protocol';

/**
 * When this device last received from / sent to the relay, kept in kv so the Sync screen tells
 * the truth after an offline reload ("Last received from the relay: yesterday 16:02", not "Not yet").
 */

const at = z.number().int().nonnegative();

export const readLastContact = (db: FieldbookDB, key: typeof LAST_PULLED_KEY | typeof LAST_FLUSHED_KEY): Promise<number | undefined> =>
  kvGet(db, key, at).catch(() => undefined);

export const writeLastContact = (db: FieldbookDB, key: typeof LAST_PULLED_KEY | typeof LAST_FLUSHED_KEY, value: number): Promise<void> =>
  kvSet(db, key, value).catch(() => undefined);
