import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';

/**
 * Authenticate in the route's `onRequest` hook, before Fastify reads or parses the body: an
 * unauthenticated PUT of a hostile 1 MiB body is answered 401 without the relay reading it.
 * The handler then takes the caller with `callerOf(request)`.
 */
export interface AuthenticatedRoutes<C> {
  readonly onRequest: onRequestAsyncHookHandler;
  callerOf(request: FastifyRequest): C;
}

export function authenticatedRoutes<C>(authenticate: (request: FastifyRequest) => Promise<C>): AuthenticatedRoutes<C> {
  const callers = new WeakMap<FastifyRequest, C>();
  return {
    async onRequest(request) {
      callers.set(request, await authenticate(request));
    },
    callerOf(request) {
      const caller = callers.get(request);
      if (caller === undefined) throw new Error(`${request.method} ${request.routeOptions.url ?? ''} has no onRequest authentication`);
      return caller;
    },
  };
}
