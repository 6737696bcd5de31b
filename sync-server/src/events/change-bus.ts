import type { ChangeKind } from '../../../src/domain';

/** Who may read a change: every member of the workspace, or only the record's owner. */
export type Visibility = { readonly visibility: 'workspace' } | { readonly visibility: 'owner'; readonly ownerId: string | null };

export interface Viewer {
  readonly userId: string;
  /** Admins also see every activity event (DESIGN §4). */
  readonly isAdmin: boolean;
}

/** One committed row of the change feed, without its record: enough to tell who should pull. */
export interface ChangeNotice {
  readonly seq: number;
  readonly kind: ChangeKind;
  readonly scope: Visibility;
}

/**
 * The feed's scope rule (DESIGN §4) for one notice. Must agree with the `WHERE` clause of
 * `ChangeRepo.page` (db/change-repo.ts): a notice a viewer cannot pull is a notice it must not get.
 */
export function isVisibleTo(notice: ChangeNotice, viewer: Viewer): boolean {
  const { scope } = notice;
  if (scope.visibility === 'workspace') return true;
  if (scope.ownerId !== null && scope.ownerId === viewer.userId) return true;
  return viewer.isAdmin && notice.kind === 'activity';
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
