import { describe, expect, it } from 'vitest';
import type { DocumentId, InstanceId, UserId, VersionId } from './ids';
import { instanceSchema, mergeInstance } from './instance';
import type { Instance } from './instance';

const run = (patch: Partial<Instance>): Instance => ({
  id: '6f1c2b9e-4d5a-4e3b-9c7d-1a2b3c4d5e6f' as InstanceId,
  sourceDocumentId: '0b7a1f3c-2d4e-4f60-8a9b-0c1d2e3f4a5b' as DocumentId,
  documentVersionId: '1c8b2a4d-3e5f-4a71-9bac-1d2e3f4a5b6c' as VersionId,
  contentType: 'form',
  title: 'Timesheet',
  userId: '2d9c3b5e-4f6a-4b82-8cbd-2e3f4a5b6c7d' as UserId,
  status: 'submitted',
  createdAt: 1,
  lastActivityAt: 10,
  ...patch,
});

describe('frozen calculations in the instance record', () => {
  it('parse with the record and survive a merge with a replica that has none', () => {
    const finished = run({ calculated: { total: 12, label: 'A — B' } });
    expect(instanceSchema.safeParse(finished).success).toBe(true);
    const older = run({ status: 'in_progress', lastActivityAt: 20 });
    expect(mergeInstance(older, finished).calculated).toEqual({ total: 12, label: 'A — B' });
    expect(mergeInstance(finished, older).calculated).toEqual({ total: 12, label: 'A — B' });
  });

  it('two devices that froze different values keep the later one, the same in either order', () => {
    const a = run({ calculated: { total: 12 }, lastActivityAt: 10 });
    const b = run({ calculated: { total: 15 }, lastActivityAt: 11 });
    expect(mergeInstance(a, b).calculated).toEqual({ total: 15 });
    expect(mergeInstance(b, a).calculated).toEqual({ total: 15 });
    const tieA = run({ calculated: { total: 12 } });
    const tieB = run({ calculated: { total: 15 } });
    expect(mergeInstance(tieA, tieB).calculated).toEqual(mergeInstance(tieB, tieA).calculated);
  });

  it('a record without calculations merges without the key', () => {
    expect('calculated' in mergeInstance(run({}), run({ lastActivityAt: 3 }))).toBe(false);
  });
});
