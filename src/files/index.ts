export { fileRefSchema, parseFileRef, sha256HexSchema, mimeSchema } from './file-ref';
export type { FileRef } from './file-ref';
export {
  putFile,
  getFile,
  readFile,
  readFileRange,
  addRefs,
  markRefOnRelay,
  markUploaded,
  removeRefs,
  refsOfFile,
  refsOfInstance,
  refsNotOnRelay,
  pendingFiles,
  refusedFiles,
  instanceFiles,
  collectGarbage,
  FileCorruptError,
  FILE_CHUNK_BYTES,
  FILE_STORE_DEFAULTS,
} from './file-store';
export type { PendingFiles, InstanceFiles, GarbageReport, PutFileMeta } from './file-store';
export { sha256Hex } from './sha256';
export { capturePhoto, fitWithin, readExif, CAPTURE_DEFAULTS } from './capture';
export type { CapturedPhoto, CaptureOptions, ExifFacts, ImageCodec, Size } from './capture';
export { storeCapturedPhoto, storePlainFile } from './store-capture';
export { captureInWorker, CaptureError } from './capture-client';
export { createUploader, UPLOADER_DEFAULTS } from './uploader';
export { keepFilesOnDevice, storageLevel, storageMessage, STORAGE_REFUSE_AT, STORAGE_WARN_AT } from './storage-pressure';
export type { StorageLevel } from './storage-pressure';
export type { Uploader, UploaderOptions, UploadReport } from './uploader';
