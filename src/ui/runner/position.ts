import { z } from 'zod';
import { kvSet } from '../../db';
import type { FieldbookDB } from '../../db';
import { positionKey } from '../../protocol';

/**
 * Where the user left off in a run (the open step, or the last item or field touched), kept
 * per device in the kv table so "Resume" lands on the same place. It is view state, not
 * completion data: it never syncs.
 */
export { positionKey };
export const positionSchema = z.string().max(200);

export function savePosition(db: FieldbookDB, instanceId: string, position: string): void {
  kvSet(db, positionKey(instanceId), position).catch(() => undefined);
}
