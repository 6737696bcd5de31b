import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';
import type { Upload } from '@tus/server';
import type { Instance } from '../../../src/domain';
import { API_ROUTES, ERROR_CODES, describeIssues, uploadMetadataSchema } from '../../../src/protocol';
import type { ErrorCode } from '../../../src/protocol';
import type { Caller } from '../auth/authenticate';
import type { FileSettings } from '../config';
import type { BlobRepo } from '../db/blob-repo';
import type { BlobStore } from './blob-store';
import { UPLOADS_DIR } from './blob-store';
import { mayAttachTo, principalOf } from './file-access';

/**
 * FileStore whose constructor does not start its unawaited mkdir (whose callback throws if
 * DATA_DIR is gone by then, e.g. a relay closed and removed at once): the directory is made,
 * synchronously, before the store. (`checkOrCreateDirectory` is private in @tus/file-store 2.x.)
 */
class UploadStore extends FileStore {}
(UploadStore.prototype as unknown as { checkOrCreateDirectory: () => void }).checkOrCreateDirectory = () => undefined;

/** The metadata key the relay adds at create: who may HEAD, PATCH and DELETE the upload. */
export const OWNER_KEY = 'owner';

export interface FileUploadsDeps {
  readonly dataDir: string;
  readonly settings: FileSettings;
  readonly blobs: BlobRepo;
  readonly store: BlobStore;
  readonly getInstance: (id: string) => Instance | undefined;
  readonly now: () => number;
}

export interface FileUploads {
  /** Answer one tus request (POST, HEAD, PATCH, DELETE) of an authenticated caller. */
  handle(request: Request, caller: Caller): Promise<Response>;
  /** Remove unfinished uploads older than `uploadExpiryMs`; how many went. */
  sweepExpired(): Promise<number>;
}

/**
 * A refusal thrown from a tus hook: @tus/server answers `status_code` with `body`, here the
 * API's JSON error (routes/file-routes.ts passes it through, and gives tus's own text errors a code).
 */
export class TusRefusal extends Error {
  /** Read by @tus/server's error path (its own errors have the same two fields). */
  readonly status_code: number;
  readonly body: string;
  constructor(status: number, code: ErrorCode, message: string) {
    super(message);
    this.name = 'TusRefusal';
    this.status_code = status;
    this.body = JSON.stringify({ error: { code, message } });
  }
}

const refusal = (status: number, code: ErrorCode, message: string): TusRefusal => new TusRefusal(status, code, message);

/**
 * tus 1.0.0 at `/api/files` (`@tus/server` + `@tus/file-store`, partial uploads under
 * `DATA_DIR/uploads`). At create: metadata, type, the instance the caller may attach to and the
 * quota are checked, and the caller is recorded as the upload's owner (only they reach it
 * afterwards: anyone else gets 404). At finish: the bytes are hashed while copied into the blob
 * store; a mismatch or a quota passed meanwhile stores nothing and removes the upload; otherwise
 * the blob is renamed into place, its row and the instance's reference are written, and the
 * partial upload is removed (a HEAD of it is then 404: the blob is at `/api/blobs/:sha256`).
 */
export function createFileUploads({ dataDir, settings, blobs, store, getInstance, now }: FileUploadsDeps): FileUploads {
  const directory = path.join(dataDir, UPLOADS_DIR);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const datastore = new UploadStore({ directory, expirationPeriodInMilliseconds: settings.uploadExpiryMs });
  /** Finished uploads whose partial is removed once tus has answered (its POST handler still reads it). */
  const finished = new WeakMap<object, string>();
  /** Declared lengths of the principal's unfinished uploads: they count against its quota. */
  const pendingBytes = async (owner: string): Promise<number> => {
    const { configstore } = datastore;
    let total = 0;
    for (const id of (await configstore.list?.()) ?? []) {
      const info = await configstore.get(id);
      if (info?.metadata?.[OWNER_KEY] === owner) total += info.size ?? 0;
    }
    return total;
  };
  const callers = new WeakMap<object, Caller>();
  const callerOf = (req: object): Caller => {
    const caller = callers.get(req);
    if (!caller) throw new Error('tus request without an authenticated caller');
    return caller;
  };
  const { badRequest, invalidFileMetadata, fileTypeNotAccepted, fileQuotaExceeded, fileHashMismatch, notFound } = ERROR_CODES;
  const quotaRefusal = (): TusRefusal =>
    refusal(413, fileQuotaExceeded, `Your stored files would pass the relay's quota of ${settings.quotaBytes} bytes`);

  const server = new Server({
    path: API_ROUTES.createUpload.path,
    datastore,
    maxSize: settings.maxFileBytes,
    // Location `/api/files/<id>`: never built from a Host header.
    relativeLocation: true,
    // Same origin only: no Access-Control-Allow-Origin.
    allowedOrigins: () => false,

    // Stored bytes, unfinished uploads and this one must fit the quota.
    onUploadCreate: async (req, upload) => {
      const checked = checkCreate(req, upload);
      const owner = checked.metadata[OWNER_KEY] ?? '';
      if (blobs.usedBytes(owner) + (await pendingBytes(owner)) + (upload.size ?? 0) > settings.quotaBytes) throw quotaRefusal();
      return checked;
    },

    async onIncomingRequest(req, id) {
      if (req.method === 'POST') return;
      const upload = await datastore.getUpload(id);
      if (upload.metadata?.[OWNER_KEY] !== principalOf(callerOf(req))) throw refusal(404, notFound, 'No such upload');
    },

    async onUploadFinish(req, upload) {
      await finish(upload);
      finished.set(req, upload.id);
      return {};
    },
  });

  const checkCreate = (req: object, upload: Upload): { metadata: Record<string, string> } => {
    const caller = callerOf(req);
    if (upload.sizeIsDeferred) throw refusal(400, badRequest, 'Send Upload-Length: the relay does not take uploads of unknown length');
    const parsed = uploadMetadataSchema.safeParse(upload.metadata ?? {});
    if (!parsed.success) {
      const issues = describeIssues(parsed.error).map((i) => `${i.path} ${i.message}`).join('; ');
      throw refusal(400, invalidFileMetadata, `Upload-Metadata needs sha256, mime and instanceId: ${issues}`);
    }
    const { sha256, mime, instanceId } = parsed.data;
    if (!settings.fileTypes.includes(mime)) {
      throw refusal(415, fileTypeNotAccepted, `The relay accepts ${settings.fileTypes.join(', ')}; not ${mime}`);
    }
    const instance = getInstance(instanceId);
    if (!instance || !mayAttachTo(caller, instance)) throw refusal(404, notFound, 'No run of yours with this id is on the relay');
    return { metadata: { sha256, mime, instanceId, [OWNER_KEY]: principalOf(caller) } };
  };

  const finish = async (upload: Upload): Promise<void> => {
    const meta = uploadMetadataSchema.parse(upload.metadata);
    const owner = upload.metadata?.[OWNER_KEY] ?? '';
    const staged = await store.stage(path.join(directory, upload.id));
    // The refusal is the answer even if the partial went meanwhile (a concurrent DELETE).
    const drop = async (): Promise<void> => {
      await staged.discard();
      await datastore.remove(upload.id).catch(() => undefined);
    };
    if (staged.sha256 !== meta.sha256) {
      await drop();
      throw refusal(422, fileHashMismatch, `The bytes hash to ${staged.sha256}, not ${meta.sha256}: nothing was stored`);
    }
    // The quota was checked at create; uploads finished since may have used it up. A blob the
    // relay already holds costs nothing.
    if (!blobs.get(meta.sha256) && blobs.usedBytes(owner) + staged.size > settings.quotaBytes) {
      await drop();
      throw quotaRefusal();
    }
    await staged.commit();
    blobs.store({ sha256: meta.sha256, mime: meta.mime, size: staged.size, createdAt: now(), createdBy: owner }, meta.instanceId);
  };

  return {
    async handle(request, caller) {
      callers.set(request, caller);
      const response = await server.handleWeb(request);
      const done = finished.get(request);
      // The blob is stored; a partial left behind by a failure here is removed by the sweep.
      if (done !== undefined) await datastore.remove(done).catch(() => undefined);
      return response;
    },
    sweepExpired: () => (settings.uploadExpiryMs > 0 ? server.cleanUpExpiredUploads() : Promise.resolve(0)),
  };
}
