import type { FastifyInstance } from 'fastify';
import type { Instance } from '../../../src/domain';
import type { Authenticate, AuthenticateCaller } from '../auth/authenticate';
import type { RecordService } from '../records/record-service';

export interface RecordRouteDeps {
  readonly records: RecordService;
  readonly authenticate: Authenticate;
  /** Instances and activity are also written by share grant holders. */
  readonly authenticateCaller: AuthenticateCaller;
  /** After an instance PUT committed, with the stored record (e.g. to demote live websocket access). */
  readonly onInstanceStored?: (instance: Instance) => void;
}

type IdParams = { id: string };

/** Idempotent record writes replayed by the client outbox; each answers `200 {value}` with the stored record. */
export function registerRecordRoutes(app: FastifyInstance, { records, authenticate, authenticateCaller, onInstanceStored }: RecordRouteDeps): void {
  app.put<{ Params: IdParams }>('/api/documents/:id', async (request) => {
    const caller = await authenticate(request);
    return { value: records.putDocument(caller, request.params.id, request.body) };
  });

  app.put<{ Params: IdParams & { versionId: string } }>('/api/documents/:id/versions/:versionId', async (request) => {
    const caller = await authenticate(request);
    return { value: records.putVersion(caller, request.params.id, request.params.versionId, request.body) };
  });

  app.put<{ Params: IdParams }>('/api/instances/:id', async (request) => {
    const caller = await authenticateCaller(request);
    const value = records.putInstance(caller, request.params.id, request.body);
    onInstanceStored?.(value);
    return { value };
  });

  // Extension: a reader (admin, link creator) fetches a run that has not reached its feed yet.
  app.get<{ Params: IdParams }>('/api/instances/:id', async (request) => {
    const caller = await authenticate(request);
    return { value: records.getInstance(caller, request.params.id) };
  });

  app.put<{ Params: IdParams }>('/api/activity/:id', async (request) => {
    const caller = await authenticateCaller(request);
    return { value: records.putActivity(caller, request.params.id, request.body) };
  });
}
