/**
 * At most one answer per interval for one connection (SPEC R18, R19). The first request is
 * answered at once; requests within the interval after it are coalesced into one answer (the
 * latest request's) when the interval ends. A flood of tiny requests therefore costs one
 * answer per interval, and a well-behaved client that asks again still gets its answer.
 */
import type { RelayClock } from './clock';

export class AnswerThrottle {
  private last = Number.NEGATIVE_INFINITY;
  private deferred: (() => void) | undefined;
  private timer: unknown;

  constructor(
    private readonly intervalMs: number,
    private readonly clock: RelayClock,
  ) {}

  /** Runs `answer` now, or keeps it (replacing an older kept one) for the end of the interval. */
  request(answer: () => void): 'now' | 'deferred' {
    const now = this.clock.now();
    if (this.timer === undefined && now - this.last >= this.intervalMs) {
      this.last = now;
      answer();
      return 'now';
    }
    this.deferred = answer;
    if (this.timer === undefined) {
      this.timer = this.clock.setTimer(() => this.answerDeferred(), Math.max(0, this.last + this.intervalMs - now));
    }
    return 'deferred';
  }

  private answerDeferred(): void {
    this.timer = undefined;
    const answer = this.deferred;
    this.deferred = undefined;
    this.last = this.clock.now();
    answer?.();
  }

  /** The connection is gone: drop a kept answer. */
  cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.deferred = undefined;
  }
}
