import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync } from 'node:fs';
import type { ReadStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Where finished uploads' bytes live under `DATA_DIR`: `blobs/<first two hex digits>/<sha256>`. */
export const BLOBS_DIR = 'blobs';
/** Partial tus uploads (bytes + `<id>.json` info) under `DATA_DIR`. */
export const UPLOADS_DIR = 'uploads';

/** A copy of an upload's bytes, hashed on the way, fsynced, not yet in its place. */
export interface StagedBlob {
  readonly sha256: string;
  readonly size: number;
  /** Move it to its name (atomic rename + directory fsync); a blob already there stays and the copy goes. */
  commit(): Promise<void>;
  discard(): Promise<void>;
}

export interface BlobStore {
  pathOf(sha256: string): string;
  has(sha256: string): boolean;
  /** Stream `source` into a temp file next to the blob's place, hashing it; fsynced before it resolves. */
  stage(source: string): Promise<StagedBlob>;
  read(sha256: string): ReadStream;
}

async function fsyncPath(file: string, flags: 'r' | 'r+'): Promise<void> {
  const handle = await open(file, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Content-addressed files on disk. A blob is written once and never changed: staged as
 * `<dir>/.<random>.tmp` (same directory, so the rename is atomic), fsynced, renamed to its hash,
 * then the directory fsynced, so after a crash a blob's name holds all of its bytes or is absent.
 * The hash is computed over the bytes that were copied, never re-read from the upload.
 */
export function createBlobStore(dataDir: string): BlobStore {
  const root = path.join(dataDir, BLOBS_DIR);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const pathOf = (sha256: string): string => path.join(root, sha256.slice(0, 2), sha256);
  const stagingDir = path.join(root, '.staging');
  mkdirSync(stagingDir, { recursive: true, mode: 0o700 });

  return {
    pathOf,
    has: (sha256) => existsSync(pathOf(sha256)),
    read: (sha256) => createReadStream(pathOf(sha256)),
    async stage(source) {
      const temp = path.join(stagingDir, `.${randomBytes(12).toString('hex')}.tmp`);
      const hash = createHash('sha256');
      let size = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      try {
        await pipeline(createReadStream(source), tap, createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
        await fsyncPath(temp, 'r+');
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      const sha256 = hash.digest('hex');
      return {
        sha256,
        size,
        async commit() {
          const target = pathOf(sha256);
          if (existsSync(target)) {
            await rm(temp, { force: true });
            return;
          }
          const dir = path.dirname(target);
          const newDir = !existsSync(dir);
          if (newDir) mkdirSync(dir, { recursive: true, mode: 0o700 });
          await rename(temp, target);
          await fsyncPath(dir, 'r');
          if (newDir) await fsyncPath(root, 'r');
        },
        discard: () => rm(temp, { force: true }),
      };
    },
  };
}
