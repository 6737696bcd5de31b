import { fileRefSchema } from '../domain';
import type { FileRef } from '../domain';

/**
 * What a run's Yjs doc holds for one file is the domain's `FileRef` (domain/evidence.ts): a small
 * reference, never the bytes, parsed where it enters from a peer.
 */
export { fileRefSchema, mimeSchema, sha256Schema as sha256HexSchema, MAX_FILE_REF_BYTES } from '../domain';
export type { FileRef } from '../domain';

/** A FileRef from untrusted data, or undefined. */
export function parseFileRef(value: unknown): FileRef | undefined {
  const parsed = fileRefSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
