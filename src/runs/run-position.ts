import { z } from 'zod';
import { kvGet, kvSet } from '../db';
import type { FieldbookDB } from '../db';
import { positionKey } from '../protocol';

/**
 * Where the user left off in a run (the open step, or the last item or field touched), kept
 * per device in the kv table so "Resume" lands on the same place. It is view state, not
 * completion data: it never syncs.
 */
export const positionSchema = z.string().max(200);

/** Store the position; a failure is ignored: losing "where you left off" loses no work. */
export function storePosition(db: FieldbookDB, instanceId: string, position: string): Promise<void> {
  return kvSet(db, positionKey(instanceId), position).catch(() => undefined);
}

/** Fire and forget, for the runners' taps. */
export function savePosition(db: FieldbookDB, instanceId: string, position: string): void {
  void storePosition(db, instanceId, position);
}

/** The stored position, or undefined (none, unreadable, or not a position). */
export function loadPosition(db: FieldbookDB, instanceId: string): Promise<string | undefined> {
  return kvGet(db, positionKey(instanceId), positionSchema).catch(() => undefined);
}
