import { z } from 'zod';
import { instanceIdSchema, mimeSchema, sha256Schema } from '../domain';

/** A file's name on the relay and on devices: the lowercase hex SHA-256 of its bytes (domain/evidence.ts). */
export { SHA256_HEX } from '../domain';

/**
 * The `Upload-Metadata` of a tus upload to `/api/files` (DESIGN §5.1): what the bytes hash to,
 * their type, and the instance (run) that references them. Other keys are ignored.
 */
export const uploadMetadataSchema = z.object({
  sha256: sha256Schema,
  mime: mimeSchema,
  instanceId: instanceIdSchema,
});
export type UploadMetadata = z.infer<typeof uploadMetadataSchema>;
