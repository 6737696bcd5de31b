import type { FastifyInstance } from 'fastify';
import { API_ROUTES } from '../../../src/protocol';
import type { Instance } from '../../../src/domain';
import type { InstanceResponse, RecordResponse } from '../../../src/protocol';
import type { Authenticate, AuthenticateCaller } from '../auth/authenticate';
import type { RecordService } from '../records/record-service';
import { authenticatedRoutes } from './authenticated';

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
  // Callers are known before the body is read (routes/authenticated.ts).
  const member = authenticatedRoutes(authenticate);
  const anyCaller = authenticatedRoutes(authenticateCaller);

  app.put<{ Params: IdParams }>(API_ROUTES.putDocument.path, { onRequest: member.onRequest }, (request): RecordResponse => ({
    value: records.putDocument(member.callerOf(request), request.params.id, request.body),
  }));

  app.put<{ Params: IdParams & { versionId: string } }>(API_ROUTES.putVersion.path, { onRequest: member.onRequest }, (request): RecordResponse => ({
    value: records.putVersion(member.callerOf(request), request.params.id, request.params.versionId, request.body),
  }));

  app.put<{ Params: IdParams }>(API_ROUTES.putInstance.path, { onRequest: anyCaller.onRequest }, (request): RecordResponse => {
    const value = records.putInstance(anyCaller.callerOf(request), request.params.id, request.body);
    onInstanceStored?.(value);
    return { value };
  });

  // Extension: a reader (admin, link creator) fetches a run that has not reached its feed yet,
  // with the version it pins (versions go to every member anyway).
  app.get<{ Params: IdParams }>(API_ROUTES.getInstance.path, { onRequest: member.onRequest }, (request): InstanceResponse => {
    const { instance, version } = records.getInstance(member.callerOf(request), request.params.id);
    return version === undefined ? { value: instance } : { value: instance, version };
  });

  app.put<{ Params: IdParams }>(API_ROUTES.putActivity.path, { onRequest: anyCaller.onRequest }, (request): RecordResponse => ({
    value: records.putActivity(anyCaller.callerOf(request), request.params.id, request.body),
  }));
}
