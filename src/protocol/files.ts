import { z } from 'zod';
import { instanceIdSchema } from '../domain';

/** A file's name on the relay and on devices: the lowercase hex SHA-256 of its bytes. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;
export const sha256Schema = z.string().regex(SHA256_HEX, 'must be the lowercase hex SHA-256 of the bytes');

/**
 * The `Upload-Metadata` of a tus upload to `/api/files` (DESIGN §5.1): what the bytes hash to,
 * their type, and the instance (run) that references them. Other keys are ignored.
 */
export const uploadMetadataSchema = z.object({
  sha256: sha256Schema,
  mime: z
    .string()
    .min(3)
    .max(127)
    .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/, 'must be a type/subtype media type in lowercase, without parameters'),
  instanceId: instanceIdSchema,
});
export type UploadMetadata = z.infer<typeof uploadMetadataSchema>;
