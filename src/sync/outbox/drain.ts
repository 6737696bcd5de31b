import type { ApiClient } from '../api-client';
import type { Platform } from '../platform';
import { finishGate, unfinishedView } from './finish-gate';
import type { RelayAcks } from './finish-gate';
import type { Instance } from '../../domain';
import type { OutboxQueue, QueuedEntry } from './outbox-queue';
import { routeOf } from './route';
import { sendValue } from './send';
import type { TransientError } from './send';
import { supersedingValue } from './supersede';

/** One pass of the flusher over the queue: every pending entry, oldest first, in batches. */
export interface DrainContext {
  readonly queue: OutboxQueue;
  readonly acks: RelayAcks;
  readonly api: Pick<ApiClient, 'put'>;
  readonly platform: Platform;
  readonly batchSize: number;
  readonly requestTimeoutMs: number;
}

/** Counted as the pass goes, so the flusher can read `held` while it runs. */
export interface DrainCounts {
  sent: number;
  failed: number;
  skipped: number;
  /** Finished instances held back by F1; when the relay stores more, flush again. */
  held: number;
}

export type DrainOutcome = { readonly kind: 'drained' } | { readonly kind: 'aborted' } | { readonly kind: 'transient'; readonly error: TransientError };

type Step = 'ok' | 'held' | { readonly transient: TransientError };

export async function drain(ctx: DrainContext, signal: AbortSignal, counts: DrainCounts): Promise<DrainOutcome> {
  let after: number | undefined;
  for (;;) {
    const batch = await ctx.queue.pending(ctx.batchSize, after);
    if (batch.length === 0) return { kind: 'drained' };
    for (const entry of batch) {
      if (signal.aborted) return { kind: 'aborted' };
      after = entry.seq;
      const step = await sendEntry(ctx, entry, signal, counts);
      if (signal.aborted) return { kind: 'aborted' };
      if (step === 'held') counts.held += 1;
      else if (step !== 'ok') return { kind: 'transient', error: step.transient };
    }
  }
}

async function sendEntry(ctx: DrainContext, entry: QueuedEntry, signal: AbortSignal, counts: DrainCounts): Promise<Step> {
  const superseding = await supersedingValue(ctx.queue, entry);
  if (superseding !== undefined) {
    const step = await put(ctx, superseding.value, entry, signal, counts, true);
    if (step === 'ok') counts.skipped += 1;
    return step;
  }
  const gate = await finishGate(entry, ctx.acks);
  if (gate === 'held') return 'held';
  if (gate === 'announce') {
    const announced = await put(ctx, unfinishedView(entry.value as Instance), entry, signal, counts, false);
    if (announced !== 'ok') return announced;
    await ctx.queue.markAnnounced(entry.seq);
    return 'held';
  }
  return put(ctx, entry.value, entry, signal, counts, true);
}

/** PUT `value` on the entry's route; `completes` says whether success settles the entry. */
async function put(ctx: DrainContext, value: unknown, entry: QueuedEntry, signal: AbortSignal, counts: DrainCounts, completes: boolean): Promise<Step> {
  const outcome = await sendValue(routeOf(entry), value, { api: ctx.api, platform: ctx.platform, timeoutMs: ctx.requestTimeoutMs, signal });
  switch (outcome.kind) {
    case 'stored':
      if (!completes) return 'ok';
      await ctx.queue.markSent(entry.seq);
      counts.sent += 1;
      return 'ok';
    case 'refused':
      await ctx.queue.markFailed(entry.seq, outcome.error);
      counts.failed += 1;
      return 'ok';
    case 'transient':
      return { transient: outcome.error };
  }
}
