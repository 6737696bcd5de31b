import { z } from 'zod';
import { memberSchema } from '../domain';
import type { Member } from '../domain';
import { MEMBERS_KEY } from '../protocol';
import type { FieldbookDB } from './database';
import { kvGet, kvSet } from './kv';

/** The workspace's members by name, as the relay last told this device (so names show offline). */

const membersSchema = z.array(memberSchema);

export async function readMembers(db: FieldbookDB): Promise<Member[]> {
  return (await kvGet(db, MEMBERS_KEY, membersSchema)) ?? [];
}

export async function storeMembers(db: FieldbookDB, members: readonly Member[]): Promise<void> {
  await kvSet(db, MEMBERS_KEY, members);
}
