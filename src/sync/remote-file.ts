import type { FieldbookDB, FileRow } from '../db';
import { getFile, putFile, sha256Hex } from '../files';
import type { ApiClient } from './api-client';

/** The relay sent bytes that are not the file asked for: nothing is kept. */
export class RemoteFileMismatchError extends Error {
  override readonly name = 'RemoteFileMismatchError';
  constructor(sha256: string) {
    super(`The relay's copy of ${sha256.slice(0, 12)}… does not match its name`);
  }
}

/**
 * A file this device does not hold (another tablet's photo, a signature on a run opened for
 * review), fetched from the relay, checked against its hash and kept as uploaded (issue 11:
 * second tablets fetch lazily, verify, cache). Null when the relay has none this caller may read.
 */
export async function fetchRemoteFile(api: Pick<ApiClient, 'blob'>, db: FieldbookDB, sha256: string, role: FileRow['role']): Promise<FileRow | null> {
  const here = await getFile(db, sha256);
  if (here !== undefined && here.evictedAt === undefined) return here;
  const blob = await api.blob(sha256);
  if (blob === null) return null;
  if ((await sha256Hex(blob.bytes)) !== sha256) throw new RemoteFileMismatchError(sha256);
  const now = Date.now();
  return putFile(db, blob.bytes, { mime: blob.mime, role, capturedAt: now, now, fromRelay: true });
}
