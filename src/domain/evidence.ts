import { z } from 'zod';

/**
 * What a run holds as evidence (DESIGN §7 "Evidence"): small references, never bytes. A file's
 * bytes are stored once on the device and on the relay, named by their SHA-256; a run's doc
 * holds the reference (completion SPEC R40).
 */

/** Lowercase hex SHA-256 of the bytes, as `Upload-Metadata` and `/api/blobs/:sha256` name them. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;
export const sha256Schema = z.string().regex(SHA256_HEX, 'a lowercase hex SHA-256');

const timestamp = z.number().int().nonnegative().max(8.64e15);
/** `type/subtype`, lowercase, no parameters (the relay matches the bare type). */
export const mimeSchema = z
  .string()
  .max(127)
  .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$/, 'a MIME type such as image/jpeg');
const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

/** The largest file a reference may name; the relay's MAX_FILE_BYTES (default 25 MiB) may be lower. */
export const MAX_FILE_REF_BYTES = 1024 * 1024 * 1024;

/** Where a photo says it was taken (its EXIF GPS, read before re-encoding drops it). */
export const placeSchema = z.object({ lat: latitude, lon: longitude }).strict();

/**
 * What a run's doc holds for one file: a small reference, never the bytes. Strict: a hostile
 * doc cannot smuggle a path, a script URL or a huge string through it.
 */
export const fileRefSchema = z
  .object({
    sha256: sha256Schema,
    /** The 320 px thumbnail's SHA-256; null for files that have none (a PDF). */
    thumb: sha256Schema.nullable(),
    mime: mimeSchema,
    size: z.number().int().min(0).max(MAX_FILE_REF_BYTES),
    /** Pixels; 0 for files that are not images. */
    w: z.number().int().min(0).max(65_535),
    h: z.number().int().min(0).max(65_535),
    /** Epoch ms: the EXIF time when the photo has one, else when it was captured or chosen. */
    capturedAt: timestamp,
    /** userId or sessionId of whoever attached it. */
    by: z.string().min(1).max(128),
    /** The file's own name, for files (a photo has none worth keeping). */
    name: z.string().max(200).optional(),
    place: placeSchema.optional(),
  })
  .strict();
export type FileRef = z.infer<typeof fileRefSchema>;

/** A position fix as the device's `watchPosition` gave it, and how it was accepted. */
export const locationFixSchema = z.object({
  lat: latitude,
  lon: longitude,
  /** Metres (95 %), as the browser reports it. */
  accuracy: z.number().nonnegative().max(1_000_000),
  altitude: z.number().min(-20_000).max(100_000).optional(),
  altitudeAccuracy: z.number().nonnegative().max(1_000_000).optional(),
  /** When the device took the fix, and when the crew accepted it (epoch ms). */
  fixAt: timestamp,
  capturedAt: timestamp,
  /** Accepted by hand before the fix reached the author's accuracy (flagged in reports). */
  manual: z.boolean(),
});
export type LocationFix = z.infer<typeof locationFixSchema>;

/** The media type of a signature's strokes file (`signature_pad`'s point groups as JSON). */
export const STROKES_MIME = 'application/vnd.fieldbook.strokes+json';

/** A signature: its strokes and a white-background PNG as files, who signed, and what they signed. */
export const signatureSchema = z.object({
  png: fileRefSchema,
  strokes: fileRefSchema,
  signer: z.string().min(1).max(200),
  signedAt: timestamp,
  /** SHA-256 of the run's answers when signed: a later edit makes the signature stale. */
  answersHash: sha256Schema,
});
export type Signature = z.infer<typeof signatureSchema>;

/** One piece of evidence of a field. */
export const evidenceItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), file: fileRefSchema }),
  z.object({ kind: z.literal('signature'), signature: signatureSchema }),
  z.object({ kind: z.literal('location'), fix: locationFixSchema }),
]);
export type EvidenceItem = z.infer<typeof evidenceItemSchema>;

/** "2.4 MB", "310 KB": a file's size as people read it. */
export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * The text a signature's `answersHash` is the SHA-256 of: every answer and tick of the run in key
 * order, evidence left out (`skip`), so adding a photo does not make a signature stale but
 * changing an answer does.
 */
export function signedAnswersText(snapshot: { readonly values: Readonly<Record<string, unknown>>; readonly done: Readonly<Record<string, boolean | undefined>> }, skip: (key: string) => boolean): string {
  const values = Object.keys(snapshot.values)
    .filter((k) => !skip(k))
    .sort()
    .map((k) => [k, snapshot.values[k]]);
  const done = Object.keys(snapshot.done)
    .filter((k) => snapshot.done[k] === true)
    .sort();
  return JSON.stringify({ values, done });
}
