/** Files on the relay: real bytes, uploaded with the stock tus client (tus-js-client's Node build). */
import { createHash, randomBytes } from 'node:crypto';
import { Upload } from 'tus-js-client';
import type { DetailedError, UploadOptions } from 'tus-js-client';

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Bytes that start like a JPEG (the relay does not sniff; the type is the upload's `mime`). */
export function jpegBytes(size: number): Buffer {
  const bytes = randomBytes(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
  return bytes;
}

export interface UploadMeta {
  readonly sha256: string;
  readonly mime: string;
  readonly instanceId: string;
}

export type UploadOutcome =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly status: number | undefined; readonly code: string | undefined; readonly url: string | null };

/**
 * Upload `bytes` to `<relay>/api/files` as the device does (metadata, bearer), without retries;
 * resolves with the upload URL on success, or the status and API error code of the refusal.
 */
export function tusUpload(relayUrl: string, token: string, bytes: Buffer, meta: Partial<UploadMeta>, options: UploadOptions = {}): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const metadata: Record<string, string> = {};
    for (const [key, value] of Object.entries(meta)) if (value !== undefined) metadata[key] = value;
    const upload: Upload = new Upload(bytes, {
      endpoint: `${relayUrl}/api/files`,
      headers: { authorization: `Bearer ${token}` },
      metadata,
      retryDelays: null,
      ...options,
      onSuccess: () => resolve({ ok: true, url: upload.url ?? '' }),
      onError: (error: Error | DetailedError) => {
        const response = 'originalResponse' in error ? error.originalResponse : null;
        let code: string | undefined;
        try {
          code = (JSON.parse(response?.getBody() ?? '') as { error?: { code?: string } }).error?.code;
        } catch {
          code = undefined;
        }
        resolve({ ok: false, status: response?.getStatus(), code, url: upload.url });
      },
    });
    upload.start();
  });
}
