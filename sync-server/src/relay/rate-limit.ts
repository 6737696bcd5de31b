/** Token bucket: `burst` tokens, refilled at `perSecond`; a frame takes one (or its bytes, or its CPU ms). */
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

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perSecond) / 1000);
    this.last = now;
  }

  /** False (and nothing taken) when fewer than `amount` tokens are left: the caller is over its rate. */
  take(amount = 1): boolean {
    this.refill();
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }

  /** Charge a cost known only afterwards (e.g. CPU time); false once the bucket is overdrawn. */
  spend(amount: number): boolean {
    this.refill();
    this.tokens -= amount;
    return this.tokens >= 0;
  }
}
