import { z } from 'zod';
import type { FileRef } from './file-ref';

/** What the page asks the capture worker: one photo, made durable, referred to by one run. */
export interface CaptureRequest {
  readonly id: number;
  readonly file: Blob;
  readonly instanceId: string;
  readonly by: string;
  readonly maxEdge?: number;
  /** The page's clock when the photo was taken (a photo without EXIF time is dated by it). */
  readonly now?: number;
  /** The Dexie database to store into (tests use their own). */
  readonly dbName?: string;
}

export type CaptureReply = { readonly id: number; readonly ok: true; readonly ref: FileRef } | { readonly id: number; readonly ok: false; readonly reason: string };

/** Parsed where the worker receives it (the page is ours, but a message is still data). */
export const captureRequestSchema = z.object({
  id: z.number().int(),
  file: z.instanceof(Blob),
  instanceId: z.string().min(1).max(128),
  by: z.string().min(1).max(128),
  maxEdge: z.number().int().min(64).max(8192).optional(),
  now: z.number().int().nonnegative().max(8.64e15).optional(),
  dbName: z.string().min(1).max(128).optional(),
});
