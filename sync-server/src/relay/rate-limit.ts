/** Token bucket: `burst` tokens, refilled at `perSecond`; each frame takes one. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** False when the bucket is empty: the caller is over its rate. */
  take(): boolean {
    const now = this.now();
    const refill = ((now - this.last) * this.perSecond) / 1000;
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + refill);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
