import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVITY_TYPES, activityIdFor, activityIdForPart, expectedActivityId } from './activity';
import { activityIdSchema, isUuid } from './ids';
import type { InstanceId } from './ids';

/**
 * Client-made instance ids are random UUIDs of one version (crypto.randomUUID: v4) with the
 * RFC variant. Over such ids activityIdFor is injective per type: it keeps every bit except
 * the version nibble and the top variant bits, which those ids fix. (Two ids that differ only
 * in version or variant bits would map to one event id; no client makes such a pair.)
 */
const instanceId = fc.uuid({ version: 4 }).map((s) => s as InstanceId);
const type = fc.constantFrom(...ACTIVITY_TYPES);

describe('activityIdFor', () => {
  it('is deterministic', () =>
    fc.assert(
      fc.property(type, instanceId, (t, id) => {
        expect(activityIdFor(t, id)).toBe(activityIdFor(t, id));
      }),
    ));

  it('is a valid lowercase UUID (version 8, RFC variant)', () =>
    fc.assert(
      fc.property(type, fc.uuid().map((s) => s as InstanceId), (t, id) => {
        const out = activityIdFor(t, id);
        expect(isUuid(out)).toBe(true);
        expect(activityIdSchema.safeParse(out).success).toBe(true);
        expect(out).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }),
    ));

  it('differs per type for the same instance', () =>
    fc.assert(
      fc.property(instanceId, (id) => {
        expect(new Set(ACTIVITY_TYPES.map((t) => activityIdFor(t, id))).size).toBe(ACTIVITY_TYPES.length);
      }),
    ));

  it('differs for different instances of the same type', () =>
    fc.assert(
      fc.property(type, instanceId, instanceId, (t, a, b) => {
        fc.pre(a !== b);
        expect(activityIdFor(t, a)).not.toBe(activityIdFor(t, b));
      }),
    ));

  it('differs for instances that differ in a single hex digit', () =>
    fc.assert(
      fc.property(type, instanceId, fc.constantFrom(...[...Array(36).keys()].filter((i) => ![8, 13, 14, 18, 19, 23].includes(i))), (t, id, at) => {
        const digit = id.charAt(at);
        const other = (id.slice(0, at) + (digit === '0' ? '1' : '0') + id.slice(at + 1)) as InstanceId;
        expect(activityIdFor(t, other)).not.toBe(activityIdFor(t, id));
      }),
    ));

  it('never equals the instance id it derives from', () =>
    fc.assert(
      fc.property(type, instanceId, (t, id) => {
        expect(activityIdFor(t, id)).not.toBe(id);
      }),
    ));
});

describe('activityIdForPart', () => {
  const partKey = fc.string({ minLength: 1, maxLength: 40 });

  it('is deterministic per (type, instance, part): two devices flagging one item make one event', () =>
    fc.assert(
      fc.property(instanceId, partKey, (id, key) => {
        expect(activityIdForPart('answer_flagged', id, key)).toBe(activityIdForPart('answer_flagged', id, key));
      }),
    ));

  it('is a valid version-8 UUID', () =>
    fc.assert(
      fc.property(instanceId, partKey, (id, key) => {
        const out = activityIdForPart('answer_flagged', id, key);
        expect(activityIdSchema.safeParse(out).success).toBe(true);
        expect(out).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }),
    ));

  it('differs for different parts of one instance, and for one part of different instances', () =>
    fc.assert(
      fc.property(instanceId, instanceId, partKey, partKey, (a, b, k1, k2) => {
        fc.pre(a !== b && k1 !== k2);
        expect(activityIdForPart('answer_flagged', a, k1)).not.toBe(activityIdForPart('answer_flagged', a, k2));
        expect(activityIdForPart('answer_flagged', a, k1)).not.toBe(activityIdForPart('answer_flagged', b, k1));
      }),
    ));

  it('gives 500 items of one checklist 500 distinct ids, none equal to a once-per-instance event id', () => {
    const id = '6f1c2b9e-4d5a-4e3b-9c7d-1a2b3c4d5e6f' as InstanceId;
    const ids = new Set(Array.from({ length: 500 }, (_, i) => activityIdForPart('answer_flagged', id, `item-${i}`)));
    expect(ids.size).toBe(500);
    for (const t of ACTIVITY_TYPES) expect(ids.has(activityIdFor(t, id))).toBe(false);
  });

  it('leaves the ids of once-per-instance events as they were', () => {
    expect(activityIdFor('procedure_completed', '6f1c2b9e-4d5a-4e3b-9c7d-1a2b3c4d5e6f' as InstanceId)).toBe('4157461c-4d5a-8e3b-9c7d-1a2b3c4d5e6f');
  });
});

describe('expectedActivityId', () => {
  const id = '6f1c2b9e-4d5a-4e3b-9c7d-1a2b3c4d5e6f' as InstanceId;
  it('derives once-per-instance ids from the instance and answer_flagged ids from metadata.partKey', () => {
    expect(expectedActivityId({ type: 'checklist_completed', instanceId: id })).toBe(activityIdFor('checklist_completed', id));
    expect(expectedActivityId({ type: 'answer_flagged', instanceId: id, metadata: { partKey: 'tyres' } })).toBe(activityIdForPart('answer_flagged', id, 'tyres'));
    expect(expectedActivityId({ type: 'answer_flagged', instanceId: id })).toBeUndefined();
  });
});
