/**
 * Rows of the evidence file store (issue 11). The tables live here because the Dexie schema
 * does; the store's behaviour (put once by hash, references, clean-up, upload) is src/files/.
 */

/** Whether the relay holds a file's bytes: 'refused' keeps the file and says why. */
export type FileUploadState = 'pending' | 'uploaded' | 'refused';

/** A thumbnail is uploaded before any original (DESIGN §7 "Evidence"). */
export type FileRole = 'original' | 'thumbnail';

export interface FileRow {
  /** Lowercase hex SHA-256 of the bytes: the file's one name on the device and the relay. */
  sha256: string;
  mime: string;
  /** Bytes. */
  size: number;
  role: FileRole;
  /** Pixel size for images, 0 when not an image. */
  w: number;
  h: number;
  /** The thumbnail's sha256 (originals of images only). */
  thumb?: string;
  /** When the photo was taken (EXIF), else when it was captured; epoch ms. */
  capturedAt: number;
  createdAt: number;
  state: FileUploadState;
  /** Human reason the relay gave for refusing the file (state 'refused'). */
  refusedReason?: string;
  refusedCode?: string;
  uploadedAt?: number;
  /** The original's chunks were deleted by clean-up (it is on the relay); the row stays. */
  evictedAt?: number;
}

/** One slice of a file's bytes. ArrayBuffer, never Blob: WebKit loses Blobs stored in IndexedDB. */
export interface FileChunkRow {
  sha256: string;
  index: number;
  bytes: ArrayBuffer;
}

/** A run refers to a file; clean-up keeps what an open run refers to. */
export interface FileRefRow {
  instanceId: string;
  sha256: string;
  addedAt: number;
  /**
   * 1 once the relay knows this reference (tus metadata on upload, or PUT
   * /api/blobs/:sha/refs/:instanceId). A number, not a boolean, so it can be indexed.
   */
  onRelay: 0 | 1;
}

/** tus-js-client's urlStorage: where an unfinished upload lives on the relay, by fingerprint (the hash). */
export interface TusUploadRow {
  key: string;
  fingerprint: string;
  upload: {
    size: number | null;
    metadata: Record<string, string>;
    creationTime: string;
    uploadUrl: string | null;
    parallelUploadUrls: string[] | null;
  };
}
