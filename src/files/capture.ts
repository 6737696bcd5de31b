import exifr from 'exifr';
import { readImageSize } from './image-size';
import type { Size } from './image-size';
import { sha256Hex } from './sha256';

export type { Size };

/** Named defaults (DESIGN §7 "Evidence"). */
export const CAPTURE_DEFAULTS = {
  /** Long edge of the kept photo; a field may set its own. */
  maxEdge: 2048,
  thumbEdge: 320,
  jpegQuality: 0.8,
  /** iOS Safari refuses canvases above 16,777,216 pixels (4096 x 4096); no canvas here is larger. */
  maxCanvasPixels: 16_777_216,
} as const;

/**
 * The image work the browser does (createImageBitmap, OffscreenCanvas). Kept behind this port so
 * the rest of the pipeline runs in Node tests; `browserImageCodec` is the real one (Chromium).
 */
export interface ImageCodec<Image> {
  /** Intrinsic size after EXIF orientation, for formats `readImageSize` does not know. */
  measure(blob: Blob): Promise<Size>;
  /** Decodes straight to `size` (already oriented): no full-size bitmap, no canvas over `size`. */
  decode(blob: Blob, size: Size): Promise<Image>;
  /** A smaller copy of a decoded image. */
  resize(image: Image, size: Size): Promise<Image>;
  /** Draws the image on a canvas of its own size (white behind transparency) and encodes a JPEG. */
  encodeJpeg(image: Image, quality: number): Promise<ArrayBuffer>;
  close(image: Image): void;
}

export interface CaptureOptions {
  readonly maxEdge?: number;
  readonly thumbEdge?: number;
  readonly jpegQuality?: number;
  /** Capture time when the photo has no EXIF time; epoch ms. */
  readonly now: number;
}

export interface EncodedImage {
  readonly bytes: ArrayBuffer;
  readonly sha256: string;
  readonly mime: 'image/jpeg';
  readonly w: number;
  readonly h: number;
}

export interface ExifFacts {
  /** DateTimeOriginal (or CreateDate), epoch ms. Without an offset tag it is read in this device's time zone. */
  readonly takenAt?: number;
  readonly latitude?: number;
  readonly longitude?: number;
  readonly altitude?: number;
  /** EXIF orientation 1..8; 5..8 swap width and height. */
  readonly orientation?: number;
}

export interface CapturedPhoto {
  readonly original: EncodedImage;
  readonly thumbnail: EncodedImage;
  /** EXIF time if the photo has one, else `now`. */
  readonly capturedAt: number;
  readonly exif: ExifFacts;
}

/**
 * The largest size within `maxEdge` on the long side and `maxPixels` in area that keeps the
 * aspect ratio; never larger than the source (no upscaling), never below 1 x 1.
 */
export function fitWithin(source: Size, maxEdge: number, maxPixels: number = CAPTURE_DEFAULTS.maxCanvasPixels): Size {
  const scale = Math.min(1, maxEdge / Math.max(source.width, source.height), Math.sqrt(maxPixels / (source.width * source.height)));
  return { width: Math.max(1, Math.floor(source.width * scale)), height: Math.max(1, Math.floor(source.height * scale)) };
}

/** EXIF time, place and orientation, read from the original bytes before anything re-encodes them. */
export async function readExif(bytes: ArrayBuffer | Uint8Array): Promise<ExifFacts> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = (await exifr.parse(bytes, { tiff: true, exif: true, gps: true, xmp: false, icc: false, iptc: false, jfif: false, ihdr: false })) as
      | Record<string, unknown>
      | undefined;
  } catch {
    return {}; // no EXIF, or unreadable: the capture time stands
  }
  if (tags === undefined) return {};
  const time = tags.DateTimeOriginal ?? tags.CreateDate;
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const facts: { -readonly [K in keyof ExifFacts]: ExifFacts[K] } = {};
  if (time instanceof Date && Number.isFinite(time.getTime())) facts.takenAt = withOffset(time, tags.OffsetTimeOriginal);
  if (finite(tags.latitude) && finite(tags.longitude) && Math.abs(tags.latitude) <= 90 && Math.abs(tags.longitude) <= 180) {
    facts.latitude = tags.latitude;
    facts.longitude = tags.longitude;
  }
  if (finite(tags.GPSAltitude)) facts.altitude = tags.GPSAltitudeRef === 1 ? -tags.GPSAltitude : tags.GPSAltitude;
  const orientation = orientationNumber(tags.Orientation);
  if (orientation !== undefined) facts.orientation = orientation;
  return facts;
}

/** exifr reads a wall-clock time in the runtime's zone; an OffsetTimeOriginal ("+02:00") pins it. */
function withOffset(local: Date, offset: unknown): number {
  const match = typeof offset === 'string' ? /^([+-])(\d{2}):(\d{2})$/.exec(offset) : null;
  if (!match) return local.getTime();
  const sign = match[1] === '-' ? -1 : 1;
  const offsetMinutes = sign * (Number(match[2]) * 60 + Number(match[3]));
  const wallClockAsUtc = local.getTime() - local.getTimezoneOffset() * 60_000;
  return wallClockAsUtc - offsetMinutes * 60_000;
}

const ORIENTATION_NAMES = ['Horizontal (normal)', 'Mirror horizontal', 'Rotate 180', 'Mirror vertical', 'Mirror horizontal and rotate 270 CW', 'Rotate 90 CW', 'Mirror horizontal and rotate 90 CW', 'Rotate 270 CW'];

function orientationNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && value >= 1 && value <= 8) return value;
  const index = typeof value === 'string' ? ORIENTATION_NAMES.indexOf(value) : -1;
  return index >= 0 ? index + 1 : undefined;
}

/**
 * A photo as the device keeps it: EXIF read first, decoded straight to at most `maxEdge` on the
 * long side (and at most 16.7 MP), re-encoded as JPEG, a `thumbEdge` thumbnail, both hashed.
 * Re-encoding drops EXIF from the kept bytes (the facts travel in the FileRef and the answer).
 */
export async function capturePhoto<Image>(input: Blob, codec: ImageCodec<Image>, options: CaptureOptions): Promise<CapturedPhoto> {
  const bytes = new Uint8Array(await input.arrayBuffer());
  const exif = await readExif(bytes);
  const header = readImageSize(bytes);
  const source = header ? oriented(header, exif.orientation) : await codec.measure(input);
  const quality = options.jpegQuality ?? CAPTURE_DEFAULTS.jpegQuality;
  const mainSize = fitWithin(source, options.maxEdge ?? CAPTURE_DEFAULTS.maxEdge);
  const main = await codec.decode(input, mainSize);
  try {
    const original = await encode(codec, main, mainSize, quality);
    const thumbSize = fitWithin(mainSize, options.thumbEdge ?? CAPTURE_DEFAULTS.thumbEdge);
    const small = await codec.resize(main, thumbSize);
    try {
      const thumbnail = await encode(codec, small, thumbSize, quality);
      return { original, thumbnail, capturedAt: exif.takenAt ?? options.now, exif };
    } finally {
      codec.close(small);
    }
  } finally {
    codec.close(main);
  }
}

const oriented = (size: Size, orientation: number | undefined): Size =>
  orientation !== undefined && orientation >= 5 ? { width: size.height, height: size.width } : size;

async function encode<Image>(codec: ImageCodec<Image>, image: Image, size: Size, quality: number): Promise<EncodedImage> {
  const bytes = await codec.encodeJpeg(image, quality);
  return { bytes, sha256: await sha256Hex(bytes), mime: 'image/jpeg', w: size.width, h: size.height };
}
