import { Readable } from 'node:stream';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Metadata } from '@tus/server';
import type { Instance, ShareLink } from '../../../src/domain';
import { API_ROUTES, ERROR_CODES, SHA256_HEX, apiErrorSchema, isErrorCode } from '../../../src/protocol';
import type { ErrorCode } from '../../../src/protocol';
import type { AuthenticateCaller, Caller } from '../auth/authenticate';
import type { BlobRepo, BlobRow } from '../db/blob-repo';
import { HttpError } from '../errors';
import type { BlobStore } from '../files/blob-store';
import { mayAttachTo, mayReadInstance, principalOf } from '../files/file-access';
import type { FileUploads } from '../files/tus-uploads';
import { OWNER_KEY } from '../files/tus-uploads';
import { authenticatedRoutes } from './authenticated';

export interface FileRouteDeps {
  readonly uploads: FileUploads;
  readonly blobs: BlobRepo;
  readonly store: BlobStore;
  readonly authenticateCaller: AuthenticateCaller;
  readonly getInstance: (id: string) => Instance | undefined;
  readonly getShareLink: (id: string) => ShareLink | undefined;
}

/** The API code of a tus refusal that carries only tus's text, by status. */
const TUS_CODES: Readonly<Record<number, ErrorCode>> = {
  404: ERROR_CODES.notFound,
  409: ERROR_CODES.conflict,
  410: ERROR_CODES.gone,
  413: ERROR_CODES.fileTooLarge,
};

/** The tus request as a web Request over the untouched body stream (Fastify did not read it). */
function toWebRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const withBody = request.method === 'POST' || request.method === 'PATCH';
  const body = withBody ? (Readable.toWeb(request.raw) as unknown as ReadableStream<Uint8Array>) : undefined;
  return new Request(`http://relay${request.url}`, { method: request.method, headers, ...(body ? { body, duplex: 'half' } : {}) });
}

/**
 * Send tus's answer through Fastify (so the security headers, `no-store` and the durable-commit
 * barrier apply): its headers as they are, except the owner key of `Upload-Metadata`; a
 * refusal as `{error: {code, message}}` (the relay's own JSON, or tus's text with a code by status).
 */
async function sendTusResponse(response: Response, reply: FastifyReply, log: FastifyBaseLogger): Promise<FastifyReply> {
  const text = await response.text();
  for (const [name, value] of response.headers) {
    if (name === 'content-length' || name === 'content-type' || name === 'cache-control') continue;
    if (name === 'upload-metadata') {
      const metadata = Metadata.parse(value);
      delete metadata[OWNER_KEY];
      void reply.header(name, Metadata.stringify(metadata));
      continue;
    }
    void reply.header(name, value);
  }
  void reply.code(response.status);
  if (response.status < 400) return reply.send();
  if (response.status >= 500) {
    log.error({ statusCode: response.status, tus: text.trim() }, 'upload failed');
    return reply.send({ error: { code: ERROR_CODES.internal, message: 'Internal server error' } });
  }
  const own = safeJson(text);
  if (own && isErrorCode(own.error.code)) {
    log.info({ code: own.error.code, statusCode: response.status }, own.error.message);
    return reply.send(own);
  }
  const code = TUS_CODES[response.status] ?? ERROR_CODES.badRequest;
  log.info({ code, statusCode: response.status }, text.trim());
  return reply.send({ error: { code, message: text.trim() || 'The upload request was refused' } });
}

function safeJson(text: string): { error: { code: string; message: string } } | undefined {
  try {
    const parsed = apiErrorSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function parsesAsMetadata(header: string): boolean {
  try {
    Metadata.parse(header);
    return true;
  } catch {
    return false;
  }
}

const NO_SUCH_FILE = 'No such file';

/**
 * Files (API.md "Files"): tus uploads at `/api/files`, and the stored blobs at
 * `/api/blobs/:sha256` for whoever may read an instance that references them — or first stored
 * them — and 404 for everyone else, the same answer as for a hash the relay never saw.
 */
export function registerFileRoutes(app: FastifyInstance, deps: FileRouteDeps): void {
  const { uploads, blobs, store, getInstance, getShareLink } = deps;
  const anyCaller = authenticatedRoutes(deps.authenticateCaller);

  const visibleBlob = (caller: Caller, sha256: string): BlobRow => {
    const blob = SHA256_HEX.test(sha256) ? blobs.get(sha256) : undefined;
    if (!blob) throw new HttpError(404, ERROR_CODES.notFound, NO_SUCH_FILE);
    if (blob.createdBy === principalOf(caller)) return blob;
    const readable = blobs.referencingInstances(sha256).some((instance) => {
      const link = instance.shareLinkId === undefined ? undefined : getShareLink(instance.shareLinkId);
      return mayReadInstance(caller, instance, link);
    });
    if (!readable) throw new HttpError(404, ERROR_CODES.notFound, NO_SUCH_FILE);
    return blob;
  };

  void app.register((scope, _opts, done) => {
    // tus bodies are raw bytes for @tus/server: no parser reads them (any content type).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, parsed) => parsed(null));
    const tus = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      // tus would answer a header that is not `key base64,…` with a bare 400: name it.
      const metadata = request.headers['upload-metadata'];
      if (request.method === 'POST' && typeof metadata === 'string' && !parsesAsMetadata(metadata)) {
        throw new HttpError(400, ERROR_CODES.invalidFileMetadata, 'Upload-Metadata must be comma-separated "key base64value" pairs with sha256, mime and instanceId');
      }
      const response = await uploads.handle(toWebRequest(request), anyCaller.callerOf(request));
      return sendTusResponse(response, reply, request.log);
    };
    scope.post(API_ROUTES.createUpload.path, { onRequest: anyCaller.onRequest }, tus);
    scope.head(API_ROUTES.headUpload.path, { onRequest: anyCaller.onRequest }, tus);
    scope.patch(API_ROUTES.patchUpload.path, { onRequest: anyCaller.onRequest }, tus);
    scope.delete(API_ROUTES.deleteUpload.path, { onRequest: anyCaller.onRequest }, tus);
    done();
  });

  type ShaParams = { sha256: string };
  app.head<{ Params: ShaParams }>(API_ROUTES.headBlob.path, { onRequest: anyCaller.onRequest }, (request, reply) => {
    const blob = visibleBlob(anyCaller.callerOf(request), request.params.sha256);
    return reply.header('content-type', blob.mime).header('content-length', String(blob.size)).send();
  });
  app.get<{ Params: ShaParams }>(API_ROUTES.getBlob.path, { onRequest: anyCaller.onRequest, exposeHeadRoute: false }, (request, reply) => {
    const blob = visibleBlob(anyCaller.callerOf(request), request.params.sha256);
    return reply.header('content-type', blob.mime).header('content-length', String(blob.size)).send(store.read(blob.sha256));
  });
  app.put<{ Params: ShaParams & { instanceId: string } }>(API_ROUTES.putBlobRef.path, { onRequest: anyCaller.onRequest }, (request, reply) => {
    const caller = anyCaller.callerOf(request);
    const instance = getInstance(request.params.instanceId);
    if (!instance || !mayAttachTo(caller, instance)) throw new HttpError(404, ERROR_CODES.notFound, 'No run of yours with this id is on the relay');
    const blob = visibleBlob(caller, request.params.sha256);
    blobs.addRef(instance.id, blob.sha256);
    return reply.code(204).send();
  });
}
