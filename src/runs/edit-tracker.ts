import { applyEdit } from '../completion';
import type { Edit, OpenInstance } from '../completion';
import { runErrorMessage } from './run-error';
import { createValueStore } from '../domain/value-store';

/** A per-control save state: what the UI may claim about a tap or keystroke. */
export interface SaveState {
  /** Controls (by key) whose latest change is not yet durable on this device. */
  readonly saving: ReadonlySet<string>;
  /** The last failure, shown until a later save of the same control succeeds or the user retries. */
  readonly failure: { readonly message: string; readonly keys: ReadonlySet<string> } | null;
  /** Something was saved since the run opened, and nothing is still saving or failed. */
  readonly saved: boolean;
}

type MakeEdit = () => Edit | null;

const EMPTY: ReadonlySet<string> = new Set();

/**
 * Serialises the edits of one open run per control and tracks which are not durable yet.
 * "Latest wins" per key: while one edit of a control is being stored, further changes of that
 * control collapse into one follow-up edit made from the newest value (typing a sentence costs
 * a handful of writes, not one per key). An edit counts as saved only when `applyEdit` has
 * resolved, i.e. after the IndexedDB commit of the doc update and of the projected row.
 */
export class EditTracker {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly queued = new Map<string, MakeEdit>();
  /** The last edit of each failed control, so "Try again" can re-store it. */
  private readonly failed = new Map<string, MakeEdit>();
  private failureMessage = '';
  private everSaved = false;
  private readonly state = createValueStore<SaveState>({ saving: EMPTY, failure: null, saved: false });

  constructor(private readonly session: OpenInstance) {}

  readonly subscribe = (listener: () => void): (() => void) => this.state.subscribe(listener);

  readonly getState = (): SaveState => this.state.get();

  /** Save a change of control `key`; `make` builds the edit from the newest value when it runs. */
  save(key: string, make: MakeEdit): void {
    if (this.inFlight.has(key)) {
      this.queued.set(key, make);
      this.publish();
      return;
    }
    this.start(key, make);
  }

  /** Store the failed changes again (e.g. after freeing space). */
  retry(): void {
    const failed = [...this.failed];
    this.failed.clear();
    for (const [key, make] of failed) this.save(key, make);
    this.publish();
  }

  /** Resolves once every change made so far has settled (stored or failed). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  private start(key: string, make: MakeEdit): void {
    let edit: Edit | null;
    try {
      edit = make();
    } catch (error) {
      this.fail(key, make, error);
      this.publish();
      return;
    }
    if (edit === null) {
      this.publish();
      return;
    }
    let applied: Promise<unknown>;
    try {
      applied = applyEdit(this.session, edit);
    } catch (error) {
      // The model refused the change synchronously (e.g. a finished run): nothing was stored.
      this.fail(key, make, error);
      this.publish();
      return;
    }
    const done = applied.then(
      () => {
        this.failed.delete(key);
        this.everSaved = true;
      },
      (error: unknown) => this.fail(key, make, error),
    );
    const tracked = done.finally(() => {
      this.inFlight.delete(key);
      const next = this.queued.get(key);
      this.queued.delete(key);
      if (next !== undefined) this.start(key, next);
      else this.publish();
    });
    this.inFlight.set(key, tracked);
    this.publish();
  }

  private fail(key: string, make: MakeEdit, error: unknown): void {
    this.failed.set(key, make);
    this.failureMessage = runErrorMessage(error);
  }

  private publish(): void {
    const saving = new Set([...this.inFlight.keys(), ...this.queued.keys()]);
    const failure = this.failed.size === 0 ? null : { message: this.failureMessage, keys: new Set(this.failed.keys()) };
    this.state.set({ saving, failure, saved: this.everSaved && saving.size === 0 && failure === null });
  }
}
