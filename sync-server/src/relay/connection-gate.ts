/**
 * Who may start a websocket upgrade (SPEC R15). Checked before anything costs the relay: no
 * token check, no handshake. Per client address: open sockets (upgrades being authorized count
 * too, so a burst of parallel upgrades cannot all pass before the first is admitted) and an
 * attempt token bucket; over all addresses: open sockets. Refusals are transient (429/503 with
 * Retry-After): a browser sees a failed handshake, and y-websocket retries with its backoff.
 */
import type { ConnectionLimits } from './options';
import { TokenBucket } from './rate-limit';

export type GateVerdict =
  | { readonly ok: true; /** The socket closed (idempotent). */ readonly release: () => void }
  | { readonly ok: false; readonly status: 429 | 503; readonly reason: string; readonly retryAfterSeconds: number };

interface AddressState {
  open: number;
  /** Undefined when attempts are not throttled. */
  readonly attempts: TokenBucket | undefined;
  lastAttemptAt: number;
}

/** 0 turns a limit off. */
const orUnlimited = (value: number): number => (value > 0 ? value : Number.POSITIVE_INFINITY);

export class ConnectionGate {
  private readonly addresses = new Map<string, AddressState>();
  private open = 0;
  private readonly perAddress: number;
  private readonly total: number;
  private readonly throttle: { readonly perSecond: number; readonly burst: number } | undefined;
  /** An address whose bucket has refilled and has nothing open is the same as an unknown one. */
  private readonly refillMs: number;

  constructor(
    limits: ConnectionLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.perAddress = orUnlimited(limits.perAddress);
    this.total = orUnlimited(limits.total);
    const throttled = limits.attemptsPerSecond > 0 && limits.attemptBurst > 0;
    this.throttle = throttled ? { perSecond: limits.attemptsPerSecond, burst: limits.attemptBurst } : undefined;
    this.refillMs = throttled ? (limits.attemptBurst / limits.attemptsPerSecond) * 1000 : 0;
  }

  /** Sockets admitted and not yet released, over all addresses. */
  get openSockets(): number {
    return this.open;
  }

  /** Addresses the gate remembers (open sockets or a bucket still refilling). */
  get trackedAddresses(): number {
    return this.addresses.size;
  }

  admit(address: string): GateVerdict {
    const now = this.now();
    let state = this.addresses.get(address);
    if (!state) {
      const attempts = this.throttle ? new TokenBucket(this.throttle.perSecond, this.throttle.burst, this.now) : undefined;
      state = { open: 0, attempts, lastAttemptAt: now };
      this.addresses.set(address, state);
    }
    state.lastAttemptAt = now;
    if (state.attempts && !state.attempts.take()) return { ok: false, status: 429, reason: 'too many connection attempts', retryAfterSeconds: 1 };
    if (state.open >= this.perAddress) return { ok: false, status: 429, reason: `over ${this.perAddress} connections from one address`, retryAfterSeconds: 5 };
    if (this.open >= this.total) return { ok: false, status: 503, reason: 'relay at its connection limit', retryAfterSeconds: 5 };
    state.open++;
    this.open++;
    const held = state;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        held.open--;
        this.open--;
      },
    };
  }

  /** Forget addresses with nothing open whose attempt bucket is full again (bounded memory). */
  prune(): void {
    const now = this.now();
    for (const [address, state] of this.addresses) {
      if (state.open === 0 && now - state.lastAttemptAt >= this.refillMs) this.addresses.delete(address);
    }
  }
}
