import { z } from 'zod';

/** Lowercase hex SHA-256: the only form a file's name takes, on the device, in the doc and on the relay. */
export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256');

/** A MIME type as `type/subtype` (parameters refused: the relay matches the bare type). */
export const mimeSchema = z
  .string()
  .max(127)
  .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$/, 'a MIME type such as image/jpeg');

/** The largest file the device accepts; the relay's MAX_FILE_BYTES (default 25 MiB) may be lower. */
export const MAX_FILE_REF_BYTES = 1024 * 1024 * 1024;

/**
 * What a run's Yjs doc holds for one file: a small reference, never the bytes (DESIGN §7).
 * Parsed where it enters from a peer: a hostile doc cannot smuggle a path, a script URL or a
 * huge string through it.
 */
export const fileRefSchema = z
  .object({
    sha256: sha256HexSchema,
    /** The 320 px thumbnail's sha256, null for files that have none (PDF, ...). */
    thumb: sha256HexSchema.nullable(),
    mime: mimeSchema,
    size: z.number().int().min(0).max(MAX_FILE_REF_BYTES),
    w: z.number().int().min(0).max(65_535),
    h: z.number().int().min(0).max(65_535),
    /** Epoch ms: EXIF time when the photo has one, else the capture time. */
    capturedAt: z.number().int().min(0).max(8.64e15),
    /** Who captured it (a user id or a share session id). */
    by: z.string().min(1).max(128),
  })
  .strict();

export type FileRef = z.infer<typeof fileRefSchema>;

/** A FileRef from untrusted data, or undefined. */
export function parseFileRef(value: unknown): FileRef | undefined {
  const parsed = fileRefSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
