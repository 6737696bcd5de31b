import type { NewOutboxEntry, OutboxCounts, OutboxQueue } from './outbox-queue';

/**
 * The contract every `OutboxQueue` adapter keeps (CONVENTIONS 3), framework-free so the same
 * cases run under vitest on fake-indexeddb (`outbox-queue.test.ts`) and in a real Chromium page
 * (`e2e/contracts.spec.ts`). Plain throw-assertions: no test library is imported here.
 */
export interface ContractCase {
  readonly name: string;
  run(): Promise<void>;
}

export interface QueueUnderTest {
  readonly queue: OutboxQueue;
  dispose(): Promise<void>;
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

function same(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  check(a === e, `${what}: expected ${e}, got ${a}`);
}

let counter = 0;
const entry = (over: Partial<NewOutboxEntry> = {}): NewOutboxEntry => {
  counter += 1;
  return { kind: 'activity', recordId: `record-${counter}`, value: { n: counter }, createdAt: 1_700_000_000_000 + counter, ...over };
};

/** Resolves with the first counts `listener` sees that satisfy `ok` (or throws after a while). */
function nextCounts(queue: OutboxQueue, ok: (c: OutboxCounts) => boolean, what: string): { done: Promise<OutboxCounts>; stop(): void } {
  let stop: () => void = () => undefined;
  const done = new Promise<OutboxCounts>((resolve, reject) => {
    const timeout = setTimeout(() => {
      stop();
      reject(new Error(`watchCounts: never saw ${what}`));
    }, 5_000);
    stop = queue.watchCounts((counts) => {
      if (!ok(counts)) return;
      clearTimeout(timeout);
      queueMicrotask(() => stop());
      resolve(counts);
    });
  });
  return { done, stop: () => stop() };
}

export function outboxQueueContract(make: () => Promise<QueueUnderTest>): ContractCase[] {
  const withQueue =
    (body: (queue: OutboxQueue) => Promise<void>) =>
    async (): Promise<void> => {
      const subject = await make();
      try {
        await body(subject.queue);
      } finally {
        await subject.dispose();
      }
    };

  const cases: [string, (queue: OutboxQueue) => Promise<void>][] = [
    [
      'O-queue 1: hands out pending entries oldest first, up to the limit, with increasing seq',
      async (queue) => {
        const a = await queue.enqueue(entry());
        const b = await queue.enqueue(entry());
        const c = await queue.enqueue(entry());
        check(a < b && b < c, `seq must increase: ${a}, ${b}, ${c}`);
        same((await queue.pending(10)).map((e) => e.seq), [a, b, c], 'pending(10)');
        same((await queue.pending(2)).map((e) => e.seq), [a, b], 'pending(2)');
        const [first] = await queue.pending(1);
        check(first?.state === 'pending' && first.attempts === 0, 'a new entry is pending with no attempts');
        same(first?.value, { n: counter - 2 }, 'the stored value');
      },
    ],
    [
      'O-queue 2: resumes after a given seq, so a flush passes held entries without reading them again',
      async (queue) => {
        const a = await queue.enqueue(entry());
        const b = await queue.enqueue(entry());
        const c = await queue.enqueue(entry());
        same((await queue.pending(10, a)).map((e) => e.seq), [b, c], 'pending after a');
        same(await queue.pending(10, c), [], 'pending after the last');
      },
    ],
    [
      'O-queue 3: finds the newest pending write of the same record queued after an entry',
      async (queue) => {
        const first = await queue.enqueue(entry({ kind: 'instance', recordId: 'run-1', value: { v: 1 } }));
        await queue.enqueue(entry({ kind: 'instance', recordId: 'run-2', value: { v: 9 } }));
        await queue.enqueue(entry({ kind: 'instance', recordId: 'run-1', value: { v: 2 } }));
        const newest = await queue.enqueue(entry({ kind: 'instance', recordId: 'run-1', value: { v: 3 } }));
        await queue.enqueue(entry({ kind: 'document', recordId: 'run-1', value: { v: 4 } }));
        const latest = await queue.latestPending('instance', 'run-1', first);
        same([latest?.seq, latest?.value], [newest, { v: 3 }], 'latest of run-1');
        check((await queue.latestPending('instance', 'run-1', newest)) === undefined, 'nothing newer than the newest');
        check((await queue.latestPending('instance', 'run-3', 0)) === undefined, 'nothing for an unknown record');
      },
    ],
    [
      'O-queue 4: a failed entry is no newer write to supersede with',
      async (queue) => {
        const first = await queue.enqueue(entry({ kind: 'document', recordId: 'doc-1' }));
        const second = await queue.enqueue(entry({ kind: 'document', recordId: 'doc-1' }));
        await queue.markFailed(second, { status: 403, code: 'forbidden', message: 'no' });
        check((await queue.latestPending('document', 'doc-1', first)) === undefined, 'a failed entry must not be returned');
      },
    ],
    [
      'O-queue 5: a sent entry leaves the queue',
      async (queue) => {
        const a = await queue.enqueue(entry());
        const b = await queue.enqueue(entry());
        await queue.markSent(a);
        same((await queue.pending(10)).map((e) => e.seq), [b], 'pending after markSent');
        same(await queue.counts(), { pending: 1, failed: 0 }, 'counts');
      },
    ],
    [
      'O-queue 6: a refused entry stays, failed, with its reason and one more attempt, out of the pending list',
      async (queue) => {
        const a = await queue.enqueue(entry());
        const b = await queue.enqueue(entry());
        await queue.markFailed(a, { status: 422, code: 'invalid_request', message: 'bad' });
        same((await queue.pending(10)).map((e) => e.seq), [b], 'pending after markFailed');
        same(await queue.counts(), { pending: 1, failed: 1 }, 'counts');
        await queue.markFailed(12_345_678, { status: 422, code: 'invalid_request', message: 'bad' });
        same(await queue.counts(), { pending: 1, failed: 1 }, 'counts after failing an unknown seq');
        await queue.retry(a);
        const [back] = await queue.pending(1);
        same([back?.seq, back?.attempts, back?.lastError], [a, 1, undefined], 'retried entry: its place, its attempts, no error');
      },
    ],
    [
      'O-queue 7: retry puts a failed entry back at its place; a pending one is left alone',
      async (queue) => {
        const a = await queue.enqueue(entry());
        const b = await queue.enqueue(entry());
        await queue.markFailed(a, { status: 409, code: 'conflict', message: 'later' });
        await queue.retry(b);
        same((await queue.pending(10)).map((e) => e.seq), [b], 'retry of a pending entry changes nothing');
        await queue.retry(a);
        same((await queue.pending(10)).map((e) => e.seq), [a, b], 'the failed entry is back before the later one');
        same(await queue.counts(), { pending: 2, failed: 0 }, 'counts');
      },
    ],
    [
      'O-queue 8: discard drops a failed entry only, never a pending one',
      async (queue) => {
        const a = await queue.enqueue(entry());
        const b = await queue.enqueue(entry());
        await queue.markFailed(a, { status: 403, code: 'forbidden', message: 'no' });
        await queue.discard(b);
        await queue.discard(a);
        same((await queue.pending(10)).map((e) => e.seq), [b], 'the pending entry survives discard');
        same(await queue.counts(), { pending: 1, failed: 0 }, 'counts');
      },
    ],
    [
      'O-queue 9: marks a held-back finished instance as announced, and keeps it pending',
      async (queue) => {
        const a = await queue.enqueue(entry({ kind: 'instance', recordId: 'run-9' }));
        await queue.markAnnounced(a);
        const [held] = await queue.pending(1);
        same([held?.seq, held?.announced, held?.state], [a, true, 'pending'], 'the announced entry');
      },
    ],
    [
      'O-queue 10: watchCounts reports the counts at once and after each change, until unsubscribed',
      async (queue) => {
        const initial = nextCounts(queue, () => true, 'the initial counts');
        same(await initial.done, { pending: 0, failed: 0 }, 'initial counts');
        const afterAdd = nextCounts(queue, (c) => c.pending === 1, 'one pending');
        const a = await queue.enqueue(entry());
        await afterAdd.done;
        const afterFail = nextCounts(queue, (c) => c.failed === 1 && c.pending === 0, 'one failed');
        await queue.markFailed(a, { status: 403, code: 'forbidden', message: 'no' });
        await afterFail.done;
        let calls = 0;
        const off = queue.watchCounts(() => (calls += 1));
        off();
        const settled = calls;
        await queue.enqueue(entry());
        await nextCounts(queue, (c) => c.pending === 1, 'the last add').done;
        check(calls === settled, `an unsubscribed listener was called (${calls} > ${settled})`);
      },
    ],
  ];
  return cases.map(([name, body]) => ({ name, run: withQueue(body) }));
}
