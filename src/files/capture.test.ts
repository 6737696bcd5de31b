import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { closeTestDbs, freshDb, T0, uuid } from '../db/test-support';
import { CAPTURE_DEFAULTS, capturePhoto, fitWithin, readExif } from './capture';
import type { ImageCodec, Size } from './capture';
import { fileRefSchema } from './file-ref';
import { pendingFiles, readFile, refsOfInstance } from './file-store';
import { readImageSize } from './image-size';
import { storeCapturedPhoto, storePlainFile } from './store-capture';

afterEach(closeTestDbs);

interface ExifSpec {
  width: number;
  height: number;
  orientation?: number;
  dateTimeOriginal?: string;
  offsetTimeOriginal?: string;
  gps?: { lat: [number, number, number]; latRef: 'N' | 'S'; lon: [number, number, number]; lonRef: 'E' | 'W'; altitude: [number, number] };
}

/**
 * A JPEG's header as a camera writes it: APP1 with a little-endian TIFF (IFD0 orientation, EXIF
 * sub-IFD time and offset, GPS sub-IFD), then the frame header (SOF0) with the pixel size.
 */
function cameraJpeg(spec: ExifSpec): Uint8Array<ArrayBuffer> {
  type Entry = { tag: number; type: number; count: number; inline?: number[]; data?: number[] };
  const ascii = (s: string) => [...Buffer.from(`${s}\0`, 'ascii')];
  const u32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
  const rationals = (...pairs: [number, number][]) => pairs.flatMap(([a, b]) => [...u32(a), ...u32(b)]);
  const tiff: number[] = [0x49, 0x49, 0x2a, 0x00, ...u32(8)];
  const ifds: { entries: Entry[]; at?: number }[] = [];
  const exifEntries: Entry[] = [];
  if (spec.dateTimeOriginal) exifEntries.push({ tag: 0x9003, type: 2, count: 20, data: ascii(spec.dateTimeOriginal) });
  if (spec.offsetTimeOriginal) exifEntries.push({ tag: 0x9011, type: 2, count: 7, data: ascii(spec.offsetTimeOriginal) });
  const gpsEntries: Entry[] = spec.gps
    ? [
        { tag: 0x0001, type: 2, count: 2, inline: [...ascii(spec.gps.latRef), 0, 0] },
        { tag: 0x0002, type: 5, count: 3, data: rationals([spec.gps.lat[0], 1], [spec.gps.lat[1], 1], [spec.gps.lat[2], 1]) },
        { tag: 0x0003, type: 2, count: 2, inline: [...ascii(spec.gps.lonRef), 0, 0] },
        { tag: 0x0004, type: 5, count: 3, data: rationals([spec.gps.lon[0], 1], [spec.gps.lon[1], 1], [spec.gps.lon[2], 1]) },
        { tag: 0x0005, type: 1, count: 1, inline: [0, 0, 0, 0] },
        { tag: 0x0006, type: 5, count: 1, data: rationals(spec.gps.altitude) },
      ]
    : [];
  const ifd0: Entry[] = [];
  if (spec.orientation) ifd0.push({ tag: 0x0112, type: 3, count: 1, inline: [spec.orientation, 0, 0, 0] });
  const exifPointer: Entry = { tag: 0x8769, type: 4, count: 1, inline: [0, 0, 0, 0] };
  const gpsPointer: Entry = { tag: 0x8825, type: 4, count: 1, inline: [0, 0, 0, 0] };
  if (exifEntries.length) ifd0.push(exifPointer);
  if (gpsEntries.length) ifd0.push(gpsPointer);
  ifds.push({ entries: ifd0 }, { entries: exifEntries }, { entries: gpsEntries });
  // Lay out each IFD followed by its out-of-line data; pointers are patched once offsets are known.
  const ifdSize = (entries: Entry[]) => 2 + entries.length * 12 + 4 + entries.reduce((n, e) => n + (e.data?.length ?? 0), 0);
  let at = 8;
  for (const ifd of ifds) {
    ifd.at = at;
    at += ifdSize(ifd.entries);
  }
  exifPointer.inline = u32(ifds[1]?.at ?? 0);
  gpsPointer.inline = u32(ifds[2]?.at ?? 0);
  for (const ifd of ifds) {
    const base = ifd.at ?? 0;
    let dataAt = base + 2 + ifd.entries.length * 12 + 4;
    const data: number[] = [];
    tiff.push(ifd.entries.length & 0xff, ifd.entries.length >> 8);
    for (const e of ifd.entries) {
      tiff.push(e.tag & 0xff, e.tag >> 8, e.type, 0, ...u32(e.count));
      if (e.data) {
        tiff.push(...u32(dataAt));
        data.push(...e.data);
        dataAt += e.data.length;
      } else tiff.push(...(e.inline ?? [0, 0, 0, 0]));
    }
    tiff.push(...u32(0), ...data);
  }
  const app1Body = [...Buffer.from('Exif\0\0', 'binary'), ...tiff];
  const app1 = [0xff, 0xe1, (app1Body.length + 2) >> 8, (app1Body.length + 2) & 0xff, ...app1Body];
  const sof0 = [0xff, 0xc0, 0, 17, 8, spec.height >> 8, spec.height & 0xff, spec.width >> 8, spec.width & 0xff, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1];
  return new Uint8Array([0xff, 0xd8, ...app1, ...sof0, 0xff, 0xd9]);
}

/** Stands in for createImageBitmap/OffscreenCanvas (Node has neither): records every size it is asked for. */
function recordingCodec() {
  const calls: { op: string; size: Size }[] = [];
  const codec: ImageCodec<Size> = {
    measure: () => {
      calls.push({ op: 'measure', size: { width: 0, height: 0 } });
      return Promise.resolve({ width: 640, height: 480 });
    },
    decode: (_blob, size) => (calls.push({ op: 'decode', size }), Promise.resolve(size)),
    resize: (_image, size) => (calls.push({ op: 'resize', size }), Promise.resolve(size)),
    encodeJpeg: (image, quality) => {
      calls.push({ op: 'encode', size: image });
      return Promise.resolve(new TextEncoder().encode(`jpeg ${image.width}x${image.height} q${quality}`).buffer);
    },
    close: () => undefined,
  };
  return { codec, calls };
}

const sha = (bytes: ArrayBuffer) => createHash('sha256').update(new Uint8Array(bytes)).digest('hex');
const blobOf = (bytes: Uint8Array<ArrayBuffer>) => new Blob([bytes], { type: 'image/jpeg' });
const sydney = { lat: [33, 51, 54], latRef: 'S', lon: [151, 12, 36], lonRef: 'E', altitude: [25, 2] } as const satisfies ExifSpec['gps'];

describe('fitWithin', () => {
  it('fits the long edge, keeps the aspect ratio and never upscales', () => {
    expect(fitWithin({ width: 4000, height: 3000 }, 2048)).toEqual({ width: 2048, height: 1536 });
    expect(fitWithin({ width: 3000, height: 4000 }, 2048)).toEqual({ width: 1536, height: 2048 });
    expect(fitWithin({ width: 1000, height: 500 }, 2048)).toEqual({ width: 1000, height: 500 });
    expect(fitWithin({ width: 1, height: 100_000 }, 2048)).toEqual({ width: 1, height: 2048 });
  });

  it('never gives a size over 16.7 MP, whatever long edge is allowed', () => {
    const size = fitWithin({ width: 8000, height: 6000 }, 8000);
    expect(size.width * size.height).toBeLessThanOrEqual(CAPTURE_DEFAULTS.maxCanvasPixels);
    expect(size.width / size.height).toBeCloseTo(8000 / 6000, 2);
  });
});

describe('readImageSize', () => {
  it('reads the frame size of a JPEG after its EXIF segment, and of a PNG', () => {
    expect(readImageSize(cameraJpeg({ width: 9000, height: 6700, orientation: 6, dateTimeOriginal: '2024:05:06 10:20:30' }))).toEqual({ width: 9000, height: 6700 });
    const png = new Uint8Array(24);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    new DataView(png.buffer).setUint32(16, 5000);
    new DataView(png.buffer).setUint32(20, 4000);
    expect(readImageSize(png)).toEqual({ width: 5000, height: 4000 });
  });

  it('answers undefined for bytes that are not a JPEG or PNG, or a JPEG cut before its frame', () => {
    expect(readImageSize(new TextEncoder().encode('%PDF-1.7 ...'))).toBeUndefined();
    expect(readImageSize(cameraJpeg({ width: 10, height: 10 }).slice(0, 8))).toBeUndefined();
  });
});

describe('readExif', () => {
  it('reads time with its offset, place, altitude and orientation from the original bytes', async () => {
    const facts = await readExif(
      cameraJpeg({ width: 4000, height: 3000, orientation: 6, dateTimeOriginal: '2024:05:06 10:20:30', offsetTimeOriginal: '+02:00', gps: sydney }),
    );
    expect(facts.takenAt).toBe(Date.UTC(2024, 4, 6, 8, 20, 30));
    expect(facts.latitude).toBeCloseTo(-(33 + 51 / 60 + 54 / 3600), 6);
    expect(facts.longitude).toBeCloseTo(151 + 12 / 60 + 36 / 3600, 6);
    expect(facts.altitude).toBe(12.5);
    expect(facts.orientation).toBe(6);
  });

  it('reads a time without offset as this device wall clock, and nothing from bytes without EXIF', async () => {
    expect((await readExif(cameraJpeg({ width: 10, height: 10, dateTimeOriginal: '2024:05:06 10:20:30' }))).takenAt).toBe(new Date(2024, 4, 6, 10, 20, 30).getTime());
    expect(await readExif(new TextEncoder().encode('not an image'))).toEqual({});
  });
});

describe('capturePhoto', () => {
  it('decodes a 60 MP photo straight to a 2048 px long edge (oriented), with a 320 px thumbnail, and keeps its EXIF time', async () => {
    const { codec, calls } = recordingCodec();
    const jpeg = cameraJpeg({ width: 9000, height: 6700, orientation: 6, dateTimeOriginal: '2024:05:06 10:20:30', offsetTimeOriginal: '+00:00', gps: sydney });
    const photo = await capturePhoto(blobOf(jpeg), codec, { now: T0 });
    // Orientation 6 turns the 9000 x 6700 sensor image upright: 6700 wide, 9000 high.
    expect(calls.map((c) => c.op)).toEqual(['decode', 'encode', 'resize', 'encode']);
    expect(calls[0]?.size).toEqual({ width: 1524, height: 2048 });
    expect(calls[2]?.size).toEqual({ width: 238, height: 320 });
    expect(calls.every((c) => c.size.width * c.size.height <= CAPTURE_DEFAULTS.maxCanvasPixels)).toBe(true);
    expect(photo.original).toMatchObject({ w: 1524, h: 2048, mime: 'image/jpeg', sha256: sha(photo.original.bytes) });
    expect(photo.thumbnail).toMatchObject({ w: 238, h: 320, sha256: sha(photo.thumbnail.bytes) });
    expect(new TextDecoder().decode(photo.original.bytes)).toBe('jpeg 1524x2048 q0.8');
    expect(photo.capturedAt).toBe(Date.UTC(2024, 4, 6, 10, 20, 30));
    expect(photo.exif.latitude).toBeCloseTo(-33.865, 3);
  });

  it('honours a per-call long edge but never asks for a canvas over 16.7 MP', async () => {
    const { codec, calls } = recordingCodec();
    await capturePhoto(blobOf(cameraJpeg({ width: 9000, height: 6700 })), codec, { now: T0, maxEdge: 8192 });
    const decoded = calls[0]?.size ?? { width: 0, height: 0 };
    expect(decoded.width * decoded.height).toBeLessThanOrEqual(CAPTURE_DEFAULTS.maxCanvasPixels);
    expect(decoded.width).toBeGreaterThan(4000);
  });

  it('uses the capture time without EXIF, and measures a format whose header it cannot read', async () => {
    const { codec, calls } = recordingCodec();
    const photo = await capturePhoto(new Blob([new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])], { type: 'image/webp' }), codec, { now: T0 });
    expect(photo.capturedAt).toBe(T0);
    expect(calls.map((c) => c.op)).toEqual(['measure', 'decode', 'encode', 'resize', 'encode']);
    expect(calls[1]?.size).toEqual({ width: 640, height: 480 });
  });
});

describe('storeCapturedPhoto', () => {
  it('makes original and thumbnail durable, refers the run to both and answers a valid FileRef', async () => {
    const db = freshDb();
    const run = uuid();
    const by = uuid();
    const { codec } = recordingCodec();
    const photo = await capturePhoto(blobOf(cameraJpeg({ width: 4000, height: 3000, dateTimeOriginal: '2024:05:06 10:20:30' })), codec, { now: T0 });
    const ref = await storeCapturedPhoto(db, photo, { instanceId: run, by, now: T0 });
    expect(fileRefSchema.parse(ref)).toEqual({
      sha256: photo.original.sha256,
      thumb: photo.thumbnail.sha256,
      mime: 'image/jpeg',
      size: photo.original.bytes.byteLength,
      w: 2048,
      h: 1536,
      capturedAt: photo.capturedAt,
      by,
    });
    expect(Buffer.from((await readFile(db, ref.sha256)) ?? []).equals(Buffer.from(photo.original.bytes))).toBe(true);
    expect((await refsOfInstance(db, run)).map((r) => r.sha256).sort()).toEqual([ref.sha256, ref.thumb].sort());
    expect((await pendingFiles(db)).files.map((f) => f.role)).toEqual(['thumbnail', 'original']);
    // The same photo captured again is stored once.
    await storeCapturedPhoto(db, photo, { instanceId: uuid(), by, now: T0 + 1 });
    expect(await db.files.count()).toBe(2);
  });

  it('keeps a PDF as it is, without thumbnail or pixel size', async () => {
    const db = freshDb();
    const bytes = new TextEncoder().encode('%PDF-1.7 fake').buffer;
    const ref = await storePlainFile(db, bytes, 'application/pdf', { instanceId: uuid(), by: 'u1', now: T0 });
    expect(fileRefSchema.parse(ref)).toMatchObject({ sha256: sha(bytes), thumb: null, w: 0, h: 0, mime: 'application/pdf', capturedAt: T0 });
  });
});
