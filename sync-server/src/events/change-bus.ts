import type { ChangeKind } from '../../../src/domain';

/**
 * Who may read a change: every member of the workspace, or only the record's owner. An owner
 * scope may also name the anonymous session (grant holder) whose record it is, through which
 * link, and whether admins read it too (activity is always readable by admins).
 */
export type Visibility =
  | { readonly visibility: 'workspace' }
  | {
      readonly visibility: 'owner';
      readonly ownerId: string | null;
      readonly session?: { readonly sessionId: string; readonly linkId: string };
      readonly admins?: boolean;
    };

/** A signed-in member. */
export interface MemberViewer {
  readonly kind: 'member';
  readonly userId: string;
  /** Admins also see every activity event (DESIGN §4). */
  readonly isAdmin: boolean;
}

/**
 * The holder of a share grant: its own records made through the link, plus the shared
 * document and that document's current version, and nothing else.
 */
export interface SessionViewer {
  readonly kind: 'session';
  readonly sessionId: string;
  readonly shareLinkId: string;
  readonly documentId: string;
  /** The document's current version (undefined when the document is gone). */
  readonly versionId: string | undefined;
}

export type Viewer = MemberViewer | SessionViewer;

/** One committed row of the change feed, without its record: enough to tell who should pull. */
export interface ChangeNotice {
  readonly seq: number;
  readonly kind: ChangeKind;
  readonly recordId: string;
  readonly scope: Visibility;
}

/**
 * The feed's scope rule (DESIGN §4) for one notice. Must agree with the `WHERE` clauses of
 * `ChangeRepo.page` (db/change-repo.ts): a notice a viewer cannot pull is a notice it must not get.
 */
export function isVisibleTo(notice: ChangeNotice, viewer: Viewer): boolean {
  const { scope } = notice;
  if (viewer.kind === 'session') {
    if (scope.visibility === 'workspace') {
      return (notice.kind === 'document' && notice.recordId === viewer.documentId) || (notice.kind === 'version' && notice.recordId === viewer.versionId);
    }
    return scope.session !== undefined && scope.session.sessionId === viewer.sessionId && scope.session.linkId === viewer.shareLinkId;
  }
  if (scope.visibility === 'workspace') return true;
  if (scope.ownerId !== null && scope.ownerId === viewer.userId) return true;
  // Admins review every run: all instances and all activity (DESIGN §4).
  return viewer.isAdmin && (notice.kind === 'activity' || notice.kind === 'instance' || scope.admins === true);
}

/** In-process event emitter: fan-out of committed changes to live listeners (`GET /api/events`). */
export interface ChangeBus {
  /** Called by the change repo once the transaction that wrote the changes has committed. */
  publish(notices: readonly ChangeNotice[]): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: (notice: ChangeNotice) => void): () => void;
  listenerCount(): number;
}

/**
 * A listener that throws is reported and skipped: publishing runs after the write committed,
 * inside the PUT that made it, so it must never turn a stored write into an error response.
 */
export function createChangeBus(onListenerError: (error: unknown) => void = () => {}): ChangeBus {
  const listeners = new Set<(notice: ChangeNotice) => void>();
  return {
    publish(notices) {
      for (const notice of notices) {
        for (const listener of [...listeners]) {
          try {
            listener(notice);
          } catch (error) {
            onListenerError(error);
          }
        }
      }
    },
    subscribe(listener) {
      // Wrapped, so the same function subscribed twice gets two independent subscriptions.
      const entry = (notice: ChangeNotice): void => listener(notice);
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
    listenerCount: () => listeners.size,
  };
}
