/**
 * A reference count of work that still uses a database (a run closing, a provider manager
 * stopping), so the database closes only after it settled. Dexie refuses every write on a
 * closed database: closing it under a run that is still writing its last edits loses them.
 *
 *   const release = work.hold();   // a run opens
 *   ...
 *   await closeRun(run); release(); // its last edits are written
 *
 *   work.idle().then(() => db.close()); // the owner closes once nothing holds it
 */
export interface DatabaseHolds {
  /** Hold until the returned release is called (calling it again does nothing). */
  hold(): () => void;
  /** Hold until `work` settles; returns `work`. */
  track<T>(work: Promise<T>): Promise<T>;
  /** How many holds are outstanding. */
  readonly size: number;
  /** Resolves once nothing holds (at once when nothing does). */
  idle(): Promise<void>;
}

export function createDatabaseHolds(): DatabaseHolds {
  let holds = 0;
  let waiters: (() => void)[] = [];

  const settle = (): void => {
    if (holds > 0) return;
    const resolve = waiters;
    waiters = [];
    for (const r of resolve) r();
  };

  const hold = (): (() => void) => {
    holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      holds--;
      settle();
    };
  };

  return {
    hold,
    track(work) {
      const release = hold();
      work.then(release, release);
      return work;
    },
    get size() {
      return holds;
    },
    idle() {
      if (holds === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}
