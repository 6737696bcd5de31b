import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DocumentId, InstanceId, UserId, VersionId } from './ids';
import { instanceSchema, mergeInstance } from './instance';
import type { Instance } from './instance';

const base: Instance = {
  id: '6f1c2b9e-4d5a-4e3b-9c7d-1a2b3c4d5e6f' as InstanceId,
  sourceDocumentId: '0b7a1f3c-2d4e-4f60-8a9b-0c1d2e3f4a5b' as DocumentId,
  documentVersionId: '1c8b2a4d-3e5f-4a71-9bac-1d2e3f4a5b6c' as VersionId,
  contentType: 'checklist',
  title: 'Pre-trip',
  userId: '2d9c3b5e-4f6a-4b82-8cbd-2e3f4a5b6c7d' as UserId,
  status: 'in_progress',
  createdAt: 0,
  lastActivityAt: 0,
};

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Replicas differing in the fields projected from the completion doc: name, flag count, score. */
const replica: fc.Arbitrary<Instance> = fc
  .record({
    lastActivityAt: fc.integer({ min: 0, max: 5 }),
    name: maybe(fc.constantFrom('Ute 14', 'Ute 14 — Depot', 'Truck 3')),
    flagged: maybe(fc.integer({ min: 0, max: 4 })),
    score: maybe(fc.record({ got: fc.integer({ min: 0, max: 3 }), max: fc.integer({ min: 3, max: 5 }) })),
  })
  .map((r) => {
    const out: Instance = { ...base, lastActivityAt: r.lastActivityAt };
    if (r.name !== undefined) out.name = r.name;
    if (r.flagged !== undefined) out.flagged = r.flagged;
    if (r.score !== undefined) out.score = r.score;
    return out;
  });

const projected = (i: Instance) => ({ name: i.name, flagged: i.flagged, score: i.score });

describe('mergeInstance: name, flagged and score', () => {
  it('is commutative, associative and idempotent', () =>
    fc.assert(
      fc.property(replica, replica, replica, (a, b, c) => {
        expect(projected(mergeInstance(a, b))).toEqual(projected(mergeInstance(b, a)));
        expect(projected(mergeInstance(mergeInstance(a, b), c))).toEqual(projected(mergeInstance(a, mergeInstance(b, c))));
        expect(mergeInstance(a, a)).toEqual(a);
        expect(instanceSchema.safeParse(mergeInstance(a, b)).success).toBe(true);
      }),
    ));

  it('follows the replica that acted last, even when its values are smaller or absent', () => {
    const earlier: Instance = { ...base, lastActivityAt: 5, name: 'Ute 14 — Depot', flagged: 2, score: { got: 3, max: 4 } };
    const later: Instance = { ...base, lastActivityAt: 9, name: 'Truck 3', flagged: 0, score: { got: 1, max: 4 } };
    expect(projected(mergeInstance(earlier, later))).toEqual({ name: 'Truck 3', flagged: 0, score: { got: 1, max: 4 } });
    const { name: _n, ...unnamed } = later;
    expect(mergeInstance(earlier, unnamed).name).toBeUndefined();
  });

  it('at a tie keeps the larger name, the larger count and the higher score', () => {
    const a: Instance = { ...base, lastActivityAt: 5, name: 'Ute 14', flagged: 1, score: { got: 3, max: 4 } };
    const b: Instance = { ...base, lastActivityAt: 5, name: 'Ute 14 — Depot', flagged: 2, score: { got: 2, max: 4 } };
    expect(projected(mergeInstance(a, b))).toEqual({ name: 'Ute 14 — Depot', flagged: 2, score: { got: 3, max: 4 } });
  });

  it('refuses a malformed name, count or score', () => {
    expect(instanceSchema.safeParse({ ...base, name: '' }).success).toBe(false);
    expect(instanceSchema.safeParse({ ...base, flagged: 1.5 }).success).toBe(false);
    expect(instanceSchema.safeParse({ ...base, score: { got: -1, max: 2 } }).success).toBe(false);
  });
});
