import { storeFetchedRecords, storeMembers } from '../db';
import type { FieldbookDB } from '../db';
import type { ChangeKind } from '../domain';
import type { ApiClient } from './api-client';
import { isApiRequestError, isOfflineError } from './api-client';

/**
 * What the relay said about a run this device does not have: `stored` (it is now in the
 * database, with its pinned version when the relay had it), `forbidden` (not the caller's to
 * read), `not_found` (no such run on the relay) or `offline` (the relay could not be reached).
 */
export type RemoteRunResult = 'stored' | 'forbidden' | 'not_found' | 'offline';

/**
 * A reviewer (admin, a link's creator) opens a run its feed has not brought yet: fetch the
 * record from `GET /api/instances/:id` and merge it like a feed change. Its answers come from
 * the run's room, opened read-only by the runner. Anything else the relay says is thrown.
 */
export async function fetchRemoteRun(api: ApiClient, db: FieldbookDB, instanceId: string): Promise<RemoteRunResult> {
  try {
    const { value, version } = await api.getInstance(instanceId);
    const records: { kind: ChangeKind; id: string; value: unknown }[] = [{ kind: 'instance', id: instanceId, value }];
    const versionId = typeof version === 'object' && version !== null && 'id' in version ? version.id : undefined;
    if (typeof versionId === 'string') records.push({ kind: 'version', id: versionId, value: version });
    const { applied } = await storeFetchedRecords(db, records);
    return applied > 0 ? 'stored' : 'not_found';
  } catch (error) {
    if (isOfflineError(error)) return 'offline';
    if (isApiRequestError(error) && error.status === 403) return 'forbidden';
    if (isApiRequestError(error) && error.status === 404) return 'not_found';
    throw error;
  }
}

/** Ask the relay who is in the workspace and keep it on the device; offline keeps the last list. */
export async function refreshMembers(api: ApiClient, db: FieldbookDB): Promise<void> {
  try {
    await storeMembers(db, await api.listMembers());
  } catch (error) {
    if (isOfflineError(error) || isApiRequestError(error)) return;
    throw error;
  }
}
