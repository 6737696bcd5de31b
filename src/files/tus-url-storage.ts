import type { PreviousUpload, UrlStorage } from 'tus-js-client';
import type { FieldbookDB, TusUploadRow } from '../db';

/**
 * tus-js-client's urlStorage in IndexedDB (table `tusUploads`), so an upload started before a
 * reload, or in a worker, resumes from the relay's offset. localStorage (tus's browser default)
 * does not exist in workers and is cleared separately from IndexedDB.
 */
export function dexieUrlStorage(db: FieldbookDB): UrlStorage {
  const toPrevious = (row: TusUploadRow): PreviousUpload => ({ ...row.upload, urlStorageKey: row.key });
  return {
    findAllUploads: async () => (await db.tusUploads.toArray()).map(toPrevious),
    findUploadsByFingerprint: async (fingerprint) => (await db.tusUploads.where('fingerprint').equals(fingerprint).toArray()).map(toPrevious),
    removeUpload: async (key) => {
      await db.tusUploads.delete(key);
    },
    addUpload: async (fingerprint, upload) => {
      const key = `${fingerprint}#${crypto.randomUUID()}`;
      await db.tusUploads.put({
        key,
        fingerprint,
        upload: {
          size: upload.size,
          metadata: { ...upload.metadata },
          creationTime: upload.creationTime,
          uploadUrl: upload.uploadUrl,
          parallelUploadUrls: upload.parallelUploadUrls,
        },
      });
      return key;
    },
  };
}
