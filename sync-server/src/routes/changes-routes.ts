import type { FastifyInstance } from 'fastify';
import { API_ROUTES, changesQuerySchema, ERROR_CODES } from '../../../src/protocol';
import type { ChangesResponse } from '../../../src/protocol';
import type { AuthenticateCaller } from '../auth/authenticate';
import type { ChangeRepo, Viewer } from '../db/change-repo';
import { HttpError, parseInput } from '../errors';

/** Cursors are opaque to clients: base64url of the last seq they have seen. */
export function encodeCursor(seq: number): string {
  return Buffer.from(String(seq), 'utf8').toString('base64url');
}

/** The seq a cursor stands for; absent or empty means the beginning of the feed. */
export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!/^(0|[1-9][0-9]{0,14})$/.test(text) || encodeCursor(Number(text)) !== cursor) {
    throw new HttpError(400, ERROR_CODES.badCursor, 'The cursor is not one this relay issued; pull again from the start');
  }
  return Number(text);
}

export interface ChangesRouteDeps {
  readonly changes: ChangeRepo;
  readonly authenticateCaller: AuthenticateCaller;
  /** A grant holder reads its document's current version too. */
  readonly currentVersionOf: (documentId: string) => string | undefined;
}

export function registerChangesRoutes(app: FastifyInstance, { changes, authenticateCaller, currentVersionOf }: ChangesRouteDeps): void {
  app.get(API_ROUTES.changes.path, async (request): Promise<ChangesResponse> => {
    const caller = await authenticateCaller(request);
    const query = parseInput(changesQuerySchema, request.query, 'query string');
    const since = decodeCursor(query.since);
    // A cursor from the future: the relay was restored from a backup or its DATA_DIR was wiped.
    // An empty page would leave the client waiting past every change made since; make it reset.
    if (since > changes.lastIssuedSeq()) {
      throw new HttpError(400, ERROR_CODES.badCursor, 'The cursor is ahead of this relay (restored or reset); pull again from the start');
    }
    // One extra row tells whether another page follows without a second query.
    const viewer: Viewer =
      caller.kind === 'user'
        ? { kind: 'member', userId: caller.user.id, isAdmin: caller.user.role === 'admin' }
        : {
            kind: 'session',
            sessionId: caller.sessionId,
            shareLinkId: caller.shareLinkId,
            documentId: caller.documentId,
            versionId: currentVersionOf(caller.documentId),
          };
    const rows = changes.page(since, query.limit + 1, viewer);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return { changes: page, cursor: encodeCursor(last ? last.seq : since), hasMore: rows.length > query.limit };
  });
}
