import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync } from 'node:fs';
import type { ReadStream } from 'node:fs';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where finished uploads' bytes live under `DATA_DIR`: `blobs/<first two hex digits>/<sha256>`. */
export const BLOBS_DIR = 'blobs';
/** Partial tus uploads (bytes + `<id>.json` info) under `DATA_DIR`. */
export const UPLOADS_DIR = 'uploads';

/** An upload's bytes moved into staging, hashed there, fsynced, not yet in its place. */
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
  /** Move `source` (a finished upload) into staging and hash it there; fsynced before it resolves. */
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
 * The hash is computed over the staged bytes, which no request can reach any more.
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
      // The finished upload's bytes are moved out of tus's reach (same file system: a rename,
      // not a copy), an empty file left in their place for tus's own clean-up; then they are
      // hashed where no request can change them, and fsynced.
      await rename(source, temp);
      try {
        await writeFile(source, '', { mode: 0o600, flag: 'wx' });
        for await (const chunk of createReadStream(temp)) {
          const bytes = chunk as Buffer;
          hash.update(bytes);
          size += bytes.length;
        }
        await fsyncPath(temp, 'r+');
      } catch (error) {
        // Nothing is lost on a failure here: the bytes go back where the upload keeps them.
        await rename(temp, source).catch(() => undefined);
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
