import { Upload } from 'tus-js-client';
import type { DetailedError, FileReader as TusFileReader, HttpRequest } from 'tus-js-client';
import type { FieldbookDB, FileRow } from '../db';
import { getFile, markRefOnRelay, markRefused, markUploaded, pendingFiles, readFileRange, refsNotOnRelay, refsOfFile } from './file-store';
import { dexieUrlStorage } from './tus-url-storage';
import { refusalFor } from './upload-refusal';
import type { Refusal } from './upload-refusal';

/** Named defaults (DESIGN §5.1, issue 11: ~4 MB chunks, retries with backoff). */
export const UPLOADER_DEFAULTS = {
  chunkSize: 4 * 1024 * 1024,
  retryDelays: [0, 1_000, 3_000, 10_000, 30_000, 60_000],
  filesPath: '/api/files',
  blobsPath: '/api/blobs',
} as const;

/** Connection types on which originals may go when the user asked for Wi-Fi only. */
const UNMETERED = new Set(['wifi', 'ethernet']);

export interface UploaderOptions {
  readonly db: FieldbookDB;
  /** Prefix for every path; '' is the page's own origin. */
  readonly baseUrl?: string;
  /** The member token or share grant, sent as `Authorization: Bearer` like src/sync's API client. */
  readonly getToken: () => string | null;
  readonly fetch?: typeof fetch;
  readonly chunkSize?: number;
  readonly retryDelays?: readonly number[];
  /** The user's setting: send originals only on Wi-Fi (thumbnails always go). */
  readonly onlyOnWifi?: () => boolean;
  /** `navigator.connection.type` where the browser has it; undefined means it cannot tell. */
  readonly connectionType?: () => string | undefined;
  readonly now?: () => number;
  /**
   * The relay refused the token (401). Like src/sync's API client this may renew it; the pass
   * stops either way and the files stay pending for the next one.
   */
  readonly onUnauthorized?: () => void | Promise<boolean>;
  /** Bytes the relay has accepted of the file being sent, for a progress bar. */
  readonly onProgress?: (sha256: string, bytesSent: number, bytesTotal: number) => void;
}

export interface UploadReport {
  /** Sent by tus. */
  readonly uploaded: string[];
  /** The relay already held the bytes (HEAD 200): only references were sent. */
  readonly alreadyOnRelay: string[];
  readonly refused: (Refusal & { sha256: string })[];
  /** Left for later: an original on a metered connection with Wi-Fi only set, or a file no run refers to yet. */
  readonly deferred: string[];
  /** Worth another try (offline, relay error, a run the relay does not know yet). */
  readonly failed: { sha256: string; message: string }[];
}

export interface Uploader {
  /** One pass over the pending files: thumbnails first, then originals, oldest first. */
  uploadPending(signal?: AbortSignal): Promise<UploadReport>;
}

/** What tus-js-client gets as its "file": the stored file's name; bytes are read chunk by chunk. */
interface StoredInput {
  readonly sha256: string;
  readonly size: number;
}

/** Reads slices straight from the fileChunks table, so a 25 MB file is never held whole for upload. */
function storedFileReader(db: FieldbookDB): TusFileReader {
  return {
    openFile: (input: StoredInput) =>
      Promise.resolve({
        size: input.size,
        slice: async (start: number, end: number) => {
          const stop = Math.min(end, input.size);
          const bytes = await readFileRange(db, input.sha256, start, stop);
          // tus-js-client measures a slice by `.size` (Blob, Buffer); XHR and node:http send the bytes.
          return { value: Object.assign(bytes, { size: bytes.byteLength }), done: stop >= input.size };
        },
        close: () => undefined,
      }),
  };
}

function defaultConnectionType(): string | undefined {
  const connection = (globalThis.navigator as (Navigator & { connection?: { type?: string } }) | undefined)?.connection;
  return typeof connection?.type === 'string' ? connection.type : undefined;
}

class PassStopped extends Error {}

export function createUploader(options: UploaderOptions): Uploader {
  const { db } = options;
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const now = options.now ?? Date.now;
  const connectionType = options.connectionType ?? defaultConnectionType;
  const urlStorage = dexieUrlStorage(db);
  const fileReader = storedFileReader(db);

  const authHeaders = (): Record<string, string> => {
    const token = options.getToken();
    return token === null ? {} : { Authorization: `Bearer ${token}` };
  };

  async function call(method: 'HEAD' | 'PUT', path: string, signal?: AbortSignal): Promise<Response> {
    const init: RequestInit = { method, headers: authHeaders(), credentials: 'omit', cache: 'no-store' };
    if (signal) init.signal = signal;
    try {
      return await doFetch(`${baseUrl}${path}`, init);
    } catch (cause) {
      if (signal?.aborted === true) throw new PassStopped('aborted');
      throw new PassStopped(cause instanceof Error ? cause.message : 'The relay cannot be reached');
    }
  }

  const blobPath = (sha256: string) => `${UPLOADER_DEFAULTS.blobsPath}/${sha256}`;

  /** Tells the relay about every run that refers to the file and that it does not know yet. */
  async function sendRefs(sha256: string, signal?: AbortSignal): Promise<string[]> {
    const missing: string[] = [];
    for (const ref of await refsOfFile(db, sha256)) {
      if (ref.onRelay === 1) continue;
      const res = await call('PUT', `${blobPath(sha256)}/refs/${encodeURIComponent(ref.instanceId)}`, signal);
      if (res.ok) await markRefOnRelay(db, ref.instanceId, sha256);
      else missing.push(`${ref.instanceId}: ${res.status}`);
    }
    return missing;
  }

  function tusUpload(file: FileRow, instanceId: string, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const input: StoredInput = { sha256: file.sha256, size: file.size };
      const upload = new Upload(input as unknown as Blob, {
        endpoint: `${baseUrl}${UPLOADER_DEFAULTS.filesPath}`,
        metadata: { sha256: file.sha256, mime: file.mime, instanceId },
        chunkSize: options.chunkSize ?? UPLOADER_DEFAULTS.chunkSize,
        retryDelays: [...(options.retryDelays ?? UPLOADER_DEFAULTS.retryDelays)],
        // The hash names the bytes: the same file resumes its upload after a reload, whatever run it is in.
        fingerprint: () => Promise.resolve(`sha256:${file.sha256}`),
        urlStorage,
        fileReader,
        removeFingerprintOnSuccess: true,
        onBeforeRequest: (req: HttpRequest) => {
          for (const [name, value] of Object.entries(authHeaders())) req.setHeader(name, value);
        },
        onProgress: (sent, total) => options.onProgress?.(file.sha256, sent, total),
        onSuccess: () => resolve(),
        onError: (error) => reject(error),
      });
      const onAbort = () => {
        void upload.abort().finally(() => reject(new PassStopped('aborted')));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = () => signal?.removeEventListener('abort', onAbort);
      const { onSuccess, onError } = upload.options;
      upload.options.onSuccess = (payload) => (settle(), onSuccess?.(payload));
      upload.options.onError = (error) => (settle(), onError?.(error));
      upload
        .findPreviousUploads()
        .then((previous) => {
          const resumable = previous.find((p) => p.uploadUrl !== null && p.size === file.size);
          if (resumable) upload.resumeFromPreviousUpload(resumable);
          upload.start();
        })
        .catch(reject);
    });
  }

  async function unauthorized(): Promise<never> {
    await options.onUnauthorized?.();
    throw new PassStopped('The relay did not accept the session (401)');
  }

  async function uploadOne(file: FileRow, report: UploadReport, signal?: AbortSignal): Promise<void> {
    const refs = await refsOfFile(db, file.sha256);
    // The relay files a blob under a run (tus metadata `instanceId`): nothing to attach it to yet.
    if (refs.length === 0) {
      report.deferred.push(file.sha256);
      return;
    }
    const head = await call('HEAD', blobPath(file.sha256), signal);
    if (head.status === 401) return unauthorized();
    if (head.ok) {
      report.alreadyOnRelay.push(file.sha256);
    } else if (head.status === 404) {
      // The oldest reference is the run the file was captured in: the one most likely on the relay already.
      const first = [...refs].sort((a, b) => a.addedAt - b.addedAt)[0];
      if (first === undefined) return;
      try {
        await tusUpload(file, first.instanceId, signal);
      } catch (error) {
        if (error instanceof PassStopped) throw error;
        const res = (error as Partial<DetailedError>).originalResponse ?? null;
        const refusal = res === null ? undefined : refusalFor(res.getStatus(), res.getBody(), file);
        if (refusal !== undefined) {
          await markRefused(db, file.sha256, refusal);
          report.refused.push({ sha256: file.sha256, ...refusal });
          return;
        }
        if (res === null) throw new PassStopped(error instanceof Error ? error.message : String(error));
        if (res.getStatus() === 401) return unauthorized();
        report.failed.push({ sha256: file.sha256, message: `The relay answered ${res.getStatus()}` });
        return;
      }
      await markRefOnRelay(db, first.instanceId, file.sha256);
      report.uploaded.push(file.sha256);
    } else {
      report.failed.push({ sha256: file.sha256, message: `The relay answered ${head.status} to HEAD` });
      return;
    }
    // The bytes are on the relay whatever the other runs' references do; those are retried next pass.
    const missing = await sendRefs(file.sha256, signal);
    await markUploaded(db, file.sha256, now());
    if (missing.length > 0) report.failed.push({ sha256: file.sha256, message: `References not accepted yet (${missing.join(', ')})` });
  }

  let running: Promise<UploadReport> | undefined;

  return {
    // One pass at a time: an `online` event during a pass joins it instead of uploading twice.
    uploadPending(signal) {
      running ??= pass(signal).finally(() => {
        running = undefined;
      });
      return running;
    },
  };

  async function pass(signal?: AbortSignal): Promise<UploadReport> {
    const report: UploadReport = { uploaded: [], alreadyOnRelay: [], refused: [], deferred: [], failed: [] };
    const type = connectionType();
    const holdOriginals = options.onlyOnWifi?.() === true && type !== undefined && !UNMETERED.has(type);
    const { files } = await pendingFiles(db);
    for (const listed of files) {
      if (signal?.aborted === true) break;
      const file = await getFile(db, listed.sha256);
      if (file === undefined || file.state !== 'pending') continue;
      if (holdOriginals && file.role === 'original') {
        report.deferred.push(file.sha256);
        continue;
      }
      try {
        await uploadOne(file, report, signal);
      } catch (error) {
        // Offline or aborted: the rest would fail the same way; everything stays pending.
        if (!(error instanceof PassStopped)) throw error;
        report.failed.push({ sha256: file.sha256, message: error.message });
        return report;
      }
    }
    // References to files already on the relay that it did not accept before (e.g. the run was not there yet).
    const uploadedWithMissingRefs = new Set((await refsNotOnRelay(db)).map((r) => r.sha256));
    const triedThisPass = new Set(files.map((f) => f.sha256));
    for (const sha256 of uploadedWithMissingRefs) {
      if (signal?.aborted === true) break;
      if (triedThisPass.has(sha256)) continue;
      if ((await getFile(db, sha256))?.state !== 'uploaded') continue;
      try {
        const missing = await sendRefs(sha256, signal);
        if (missing.length > 0) report.failed.push({ sha256, message: `References not accepted yet (${missing.join(', ')})` });
      } catch (error) {
        if (!(error instanceof PassStopped)) throw error;
        report.failed.push({ sha256, message: error.message });
        break;
      }
    }
    return report;
  }
}
