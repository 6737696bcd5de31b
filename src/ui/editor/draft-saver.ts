export type AutosaveState = 'idle' | 'saving' | 'saved' | 'failed';

export const AUTOSAVE_DELAY_MS = 300;

export interface DraftSaverOptions<T> {
  readonly save: (value: T) => Promise<void>;
  readonly onState?: (state: AutosaveState) => void;
  readonly delayMs?: number;
  /** Test seam. */
  readonly timers?: { set: (fn: () => void, ms: number) => unknown; clear: (handle: unknown) => void };
}

const realTimers = {
  set: (fn: () => void, ms: number): unknown => setTimeout(fn, ms),
  clear: (handle: unknown): void => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The editor's draft autosave without React: `change` saves a moment after the value stops
 * changing (debounced); `saveNow` stores what the debounce still holds at once and waits for
 * every save so far. Saves run one after another, in order.
 */
export class DraftSaver<T> {
  private queued: { value: T } | null = null;
  private timer: unknown = null;
  private inFlight: Promise<void> = Promise.resolve();
  private held = false;
  private readonly options: DraftSaverOptions<T>;
  private readonly timers: NonNullable<DraftSaverOptions<T>['timers']>;
  private save: (value: T) => Promise<void>;

  constructor(options: DraftSaverOptions<T>) {
    this.options = options;
    this.save = options.save;
    this.timers = options.timers ?? realTimers;
  }

  /** The save function of the latest render (the editor's `save` may change identity). */
  setSave(save: (value: T) => Promise<void>): void {
    this.save = save;
  }

  get hasPending(): boolean {
    return this.queued !== null;
  }

  /** A new value to store after the debounce (ignored while held). */
  change(value: T): void {
    if (this.held) return;
    this.queued = { value };
    this.cancelTimer();
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.run().catch(() => undefined);
    }, this.options.delayMs ?? AUTOSAVE_DELAY_MS);
  }

  /** Store what the debounce still holds now, then wait for every save so far. Never rejects. */
  async saveNow(): Promise<void> {
    this.cancelTimer();
    await this.run().catch(() => undefined);
    await this.inFlight;
  }

  /**
   * Stop saving (publishing is about to drop the draft): stores what the debounce still held,
   * waits for any save in flight (rejects when that save failed), and saves nothing more until
   * `resume`.
   */
  async hold(): Promise<void> {
    this.cancelTimer();
    const saving = this.run();
    this.held = true;
    await saving;
    await this.inFlight;
  }

  resume(): void {
    this.held = false;
  }

  private run(): Promise<void> {
    const job = this.queued;
    this.queued = null;
    if (job === null || this.held) return Promise.resolve();
    this.options.onState?.('saving');
    const done = this.inFlight.then(() => this.save(job.value));
    this.inFlight = done.then(
      () => this.options.onState?.('saved'),
      () => this.options.onState?.('failed'),
    );
    return done;
  }

  private cancelTimer(): void {
    if (this.timer === null) return;
    this.timers.clear(this.timer);
    this.timer = null;
  }
}
