import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DocumentId, InstanceId, UserId, VersionId } from './ids';
import { instanceSchema, mergeInstance } from './instance';
import type { Instance } from './instance';
import { INSTANCE_STATUSES, mergeStatus } from './status';

const base = {
  id: '6f1c2b9e-4d5a-4e3b-9c7d-1a2b3c4d5e6f' as InstanceId,
  sourceDocumentId: '0b7a1f3c-2d4e-4f60-8a9b-0c1d2e3f4a5b' as DocumentId,
  documentVersionId: '1c8b2a4d-3e5f-4a71-9bac-1d2e3f4a5b6c' as VersionId,
  contentType: 'procedure' as const,
  title: 'Pump inspection',
  userId: '2d9c3b5e-4f6a-4b82-8cbd-2e3f4a5b6c7d' as UserId,
};

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const time = fc.integer({ min: 0, max: 50 });

/** Replicas of one instance: same identity, any status, timestamps and progress. */
const replica: fc.Arbitrary<Instance> = fc
  .record({
    status: fc.constantFrom(...INSTANCE_STATUSES),
    createdAt: time,
    startedAt: maybe(time),
    completedAt: maybe(time),
    submittedAt: maybe(time),
    abandonedAt: maybe(time),
    abandonReason: maybe(fc.constantFrom('Started by mistake', 'Wrong pump', 'Zz')),
    lastActivityAt: time,
    progress: maybe(fc.double({ min: 0, max: 1, noNaN: true })),
  })
  .map((r) => {
    const out: Instance = { ...base, status: r.status, createdAt: r.createdAt, lastActivityAt: r.lastActivityAt };
    if (r.startedAt !== undefined) out.startedAt = r.startedAt;
    if (r.completedAt !== undefined) out.completedAt = r.completedAt;
    if (r.submittedAt !== undefined) out.submittedAt = r.submittedAt;
    if (r.abandonedAt !== undefined) out.abandonedAt = r.abandonedAt;
    if (r.abandonReason !== undefined) out.abandonReason = r.abandonReason;
    if (r.progress !== undefined) out.progress = r.progress;
    return out;
  });

const replicated = (i: Instance) => ({
  status: i.status,
  createdAt: i.createdAt,
  startedAt: i.startedAt,
  completedAt: i.completedAt,
  submittedAt: i.submittedAt,
  abandonedAt: i.abandonedAt,
  abandonReason: i.abandonReason,
  lastActivityAt: i.lastActivityAt,
  progress: i.progress,
});

describe('mergeInstance', () => {
  it('is commutative on status, timestamps and progress', () =>
    fc.assert(fc.property(replica, replica, (a, b) => {
      expect(replicated(mergeInstance(a, b))).toEqual(replicated(mergeInstance(b, a)));
    })));

  it('is associative on status and timestamps', () =>
    fc.assert(
      fc.property(replica, replica, replica, (a, b, c) => {
        expect(replicated(mergeInstance(mergeInstance(a, b), c))).toEqual(replicated(mergeInstance(a, mergeInstance(b, c))));
      }),
    ));

  it('is idempotent', () => fc.assert(fc.property(replica, (a) => {
      expect(mergeInstance(a, a)).toEqual(a);
    })));

  it('joins status, takes the earliest first-happened times and the latest activity', () =>
    fc.assert(
      fc.property(replica, replica, (a, b) => {
        const m = mergeInstance(a, b);
        expect(m.status).toBe(mergeStatus(a.status, b.status));
        expect(m.lastActivityAt).toBe(Math.max(a.lastActivityAt, b.lastActivityAt));
        expect(m.createdAt).toBe(Math.min(a.createdAt, b.createdAt));
        for (const key of ['startedAt', 'completedAt', 'submittedAt', 'abandonedAt'] as const) {
          const values = [a[key], b[key]].filter((v): v is number => v !== undefined);
          expect(m[key]).toBe(values.length === 0 ? undefined : Math.min(...values));
        }
      }),
    ));

  it('keeps an abandon and its reason from either replica, and lets finished work win over it', () => {
    const abandoned: Instance = { ...base, status: 'abandoned', createdAt: 0, lastActivityAt: 5, abandonedAt: 5, abandonReason: 'Started by mistake' };
    const working: Instance = { ...base, status: 'in_progress', createdAt: 0, lastActivityAt: 7 };
    expect(mergeInstance(working, abandoned)).toMatchObject({ status: 'abandoned', abandonedAt: 5, abandonReason: 'Started by mistake' });
    const completed: Instance = { ...working, status: 'completed', completedAt: 9 };
    expect(mergeInstance(abandoned, completed)).toMatchObject({ status: 'completed', completedAt: 9, abandonReason: 'Started by mistake' });
  });

  it('follows the replica that acted last for progress, which may go down', () => {
    const a: Instance = { ...base, status: 'in_progress', createdAt: 0, lastActivityAt: 5, progress: 0.8 };
    const b: Instance = { ...base, status: 'in_progress', createdAt: 0, lastActivityAt: 9, progress: 0.3 };
    expect(mergeInstance(a, b).progress).toBe(0.3);
    expect(mergeInstance(b, a).progress).toBe(0.3);
  });

  it('at a tie in activity, keeps a known progress over an unknown one in either order', () => {
    const known: Instance = { ...base, status: 'in_progress', createdAt: 0, lastActivityAt: 5, progress: 0 };
    const { progress: _p, ...unknown } = known;
    expect(mergeInstance(known, unknown).progress).toBe(0);
    expect(mergeInstance(unknown, known).progress).toBe(0);
  });

  it('keeps the result a valid instance', () =>
    fc.assert(fc.property(replica, replica, (a, b) => instanceSchema.safeParse(mergeInstance(a, b)).success)));
});

describe('instanceSchema', () => {
  it('requires exactly one of userId and sessionId', () => {
    const { userId: _u, ...anonymous } = { ...base, status: 'not_started' as const, createdAt: 0, lastActivityAt: 0 };
    expect(instanceSchema.safeParse(anonymous).success).toBe(false);
    expect(instanceSchema.safeParse({ ...anonymous, sessionId: base.id }).success).toBe(true);
    expect(instanceSchema.safeParse({ ...anonymous, userId: base.userId, sessionId: base.id }).success).toBe(false);
  });
});
