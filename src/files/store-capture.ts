import type { FieldbookDB } from '../db';
import type { CapturedPhoto } from './capture';
import type { FileRef } from './file-ref';
import { addRefs, putFile } from './file-store';

export interface StoreCaptureContext {
  readonly instanceId: string;
  /** Who captured it: user id or share session id. */
  readonly by: string;
  readonly now: number;
}

/**
 * Makes a captured photo durable (thumbnail, then original, each stored once by hash), refers
 * the run to both, and answers the small reference the run's doc will hold.
 */
export async function storeCapturedPhoto(db: FieldbookDB, photo: CapturedPhoto, context: StoreCaptureContext): Promise<FileRef> {
  const { original, thumbnail } = photo;
  await putFile(db, thumbnail.bytes, { mime: thumbnail.mime, role: 'thumbnail', w: thumbnail.w, h: thumbnail.h, capturedAt: photo.capturedAt, now: context.now });
  const row = await putFile(db, original.bytes, {
    mime: original.mime,
    role: 'original',
    w: original.w,
    h: original.h,
    thumb: thumbnail.sha256,
    capturedAt: photo.capturedAt,
    now: context.now,
  });
  await addRefs(db, context.instanceId, [original.sha256, thumbnail.sha256], context.now);
  return { sha256: row.sha256, thumb: thumbnail.sha256, mime: original.mime, size: row.size, w: original.w, h: original.h, capturedAt: photo.capturedAt, by: context.by };
}

/** A file kept as it is (PDF, ...): no thumbnail, no pixel size. */
export async function storePlainFile(db: FieldbookDB, bytes: ArrayBuffer, mime: string, context: StoreCaptureContext): Promise<FileRef> {
  const row = await putFile(db, bytes, { mime, role: 'original', capturedAt: context.now, now: context.now });
  await addRefs(db, context.instanceId, [row.sha256], context.now);
  return { sha256: row.sha256, thumb: null, mime: row.mime, size: row.size, w: 0, h: 0, capturedAt: row.capturedAt, by: context.by };
}
