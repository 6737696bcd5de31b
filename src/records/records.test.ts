import { describe, expect, it } from 'vitest';
import { CHANGE_KINDS } from '../domain';
import type { ActivityEvent, ContentDocument, DocumentVersion, Instance, ShareLink } from '../domain';
import { RECORD_LABEL, RECORDS, SUPERSEDABLE_KINDS, parseRecord, recordRoute } from '.';
import type { LocalPending, RecordKindRules } from '.';

const T0 = 1_700_000_000_000;
const uuid = (): string => crypto.randomUUID();
const pending = (answer: boolean) => {
  const asked = { count: 0 };
  const check: LocalPending = () => {
    asked.count += 1;
    return Promise.resolve(answer);
  };
  return Object.assign(check, { asked });
};

const aDocument = (over: Partial<ContentDocument> = {}): ContentDocument =>
  ({ id: uuid(), title: 'Pump inspection', contentType: 'procedure', currentVersionId: uuid(), createdBy: uuid(), createdAt: T0, updatedAt: T0, ...over }) as ContentDocument;
const aVersion = (over: Partial<DocumentVersion> = {}): DocumentVersion =>
  ({
    id: uuid(),
    documentId: uuid(),
    version: 1,
    publishedAt: T0,
    publishedBy: uuid(),
    contentType: 'procedure',
    definition: { steps: [{ id: 's1', title: 'Isolate the pump', required: true }] },
    ...over,
  }) as DocumentVersion;
const anInstance = (over: Partial<Instance> = {}): Instance =>
  ({
    id: uuid(),
    sourceDocumentId: uuid(),
    documentVersionId: uuid(),
    contentType: 'procedure',
    title: 'Pump inspection',
    userId: uuid(),
    status: 'in_progress',
    createdAt: T0,
    startedAt: T0 + 1,
    lastActivityAt: T0 + 5,
    ...over,
  }) as Instance;
const anEvent = (over: Partial<ActivityEvent> = {}): ActivityEvent =>
  ({ id: uuid(), type: 'procedure_started', userId: uuid(), documentId: uuid(), instanceId: uuid(), title: 'Pump inspection', createdAt: T0, ...over }) as ActivityEvent;
const aShareLink = (over: Partial<ShareLink> = {}): ShareLink =>
  ({ id: uuid(), documentId: uuid(), audience: 'external', tokenHash: 'a'.repeat(64), createdBy: uuid(), createdAt: T0, useCount: 0, ...over }) as ShareLink;

describe('the record-kind registry', () => {
  it('has an entry for every kind of the change feed, and nothing else', () => {
    expect(Object.keys(RECORDS).sort()).toEqual([...CHANGE_KINDS].sort());
    for (const kind of CHANGE_KINDS) expect(RECORDS[kind].schema, kind).toBeDefined();
  });

  it('gives every kind its own table and a label', () => {
    const tables = CHANGE_KINDS.map((kind) => RECORDS[kind].table);
    expect(new Set(tables).size).toBe(CHANGE_KINDS.length);
    for (const kind of CHANGE_KINDS) expect(RECORD_LABEL[kind]).toBe(RECORDS[kind].label);
  });

  it('parses a value by its kind and refuses one that does not fit', () => {
    const doc = aDocument();
    expect(parseRecord('document', doc)).toEqual({ kind: 'document', value: doc });
    expect(parseRecord('instance', doc)).toBeUndefined();
    expect(parseRecord('activity', null)).toBeUndefined();
  });

  it('labels each kind as the sync screen shows it', () => {
    expect(RECORD_LABEL).toEqual({
      document: 'Document',
      version: 'Published version',
      instance: 'Run',
      activity: 'Activity entry',
      shareLink: 'Share link',
    });
  });

  it('lets only instances and documents be superseded by a later entry', () => {
    expect([...SUPERSEDABLE_KINDS].sort()).toEqual(['document', 'instance']);
  });

  it('routes each kind to its idempotent PUT, versions under their document, ids encoded', () => {
    const version = aVersion();
    expect(recordRoute('document', 'd/1', aDocument())).toBe('/api/documents/d%2F1');
    expect(recordRoute('version', version.id, version)).toBe(`/api/documents/${version.documentId}/versions/${version.id}`);
    expect(recordRoute('instance', 'i1', anInstance())).toBe('/api/instances/i1');
    expect(recordRoute('activity', 'a1', anEvent())).toBe('/api/activity/a1');
    expect(recordRoute('shareLink', 's1', aShareLink())).toBe('/api/share-links/s1');
  });
});

describe('document', () => {
  const { mergeLocal, mergeRemote, mergeOnRelay } = RECORDS.document;

  it('replaces the stored copy with the author\'s own write', () => {
    const stored = aDocument({ updatedAt: T0 + 10 });
    const incoming = { ...stored, title: 'Renamed', updatedAt: T0 + 5 };
    expect(mergeLocal(incoming, stored)).toEqual(incoming);
  });

  it('takes a relay copy unless the local one is strictly newer', async () => {
    const local = aDocument({ title: 'Local edit', updatedAt: T0 + 10 });
    expect(await mergeRemote({ ...local, title: 'Older', updatedAt: T0 + 5 }, local, pending(false))).toBeUndefined();
    expect(await mergeRemote({ ...local, title: 'Same time', updatedAt: T0 + 10 }, local, pending(false))).toMatchObject({ title: 'Same time' });
    expect(await mergeRemote({ ...local, title: 'Newer' }, undefined, pending(false))).toMatchObject({ title: 'Newer' });
  });

  it('keeps the relay copy against an older write and the creator against any write', () => {
    const stored = aDocument({ updatedAt: T0 + 10 });
    expect(mergeOnRelay({ ...stored, title: 'Older', updatedAt: T0 + 5 }, stored)).toBe(stored);
    const later = { ...stored, title: 'Newer', updatedAt: T0 + 20, createdBy: uuid(), createdAt: T0 + 20 } as ContentDocument;
    expect(mergeOnRelay(later, stored)).toEqual({ ...later, createdBy: stored.createdBy, createdAt: stored.createdAt });
  });
});

/** Versions and activity events: immutable facts, the first copy of an id stays everywhere. */
function immutableKind<V extends { id: string }>(name: string, rules: RecordKindRules<V>, make: () => V, change: (value: V) => V): void {
  describe(`${name} (immutable)`, () => {
    it('is stored once: a known id writes and queues nothing', () => {
      const first = make();
      expect(rules.mergeLocal(first, undefined)).toEqual(first);
      expect(rules.mergeLocal(change(first), first)).toBeUndefined();
    });

    it('keeps the first copy from the relay, without asking for pending writes', async () => {
      const first = make();
      const check = pending(true);
      expect(await rules.mergeRemote(first, undefined, check)).toEqual(first);
      expect(await rules.mergeRemote(change(first), first, check)).toBeUndefined();
      expect(check.asked.count).toBe(0);
    });

    it('keeps the stored copy on the relay', () => {
      const first = make();
      expect(rules.mergeOnRelay(change(first), first)).toBe(first);
    });
  });
}

immutableKind('version', RECORDS.version, () => aVersion(), (v) => ({ ...v, version: 7 }));
immutableKind('activity', RECORDS.activity, () => anEvent(), (e) => ({ ...e, title: 'Other title' }));

describe('instance', () => {
  const { mergeLocal, mergeRemote, mergeOnRelay } = RECORDS.instance;

  it('never moves down on the device, and the new write leads the other fields', () => {
    const stored = anInstance({ status: 'completed', completedAt: T0 + 9, lastActivityAt: T0 + 10 });
    const row = mergeLocal({ ...stored, status: 'in_progress', title: 'Renamed', lastActivityAt: T0 + 5 }, stored);
    expect(row).toMatchObject({ status: 'completed', title: 'Renamed', lastActivityAt: T0 + 10, completedAt: T0 + 9 });
    expect(mergeLocal(stored, undefined)).toBe(stored);
  });

  it('merges a relay copy by the lattice; a pending local row leads the other fields', async () => {
    const local = anInstance({ title: 'Local title', lastActivityAt: T0 + 5 });
    const remote = { ...local, title: 'Relay title', status: 'completed' as const, lastActivityAt: T0 + 5 };
    expect(await mergeRemote(remote, local, pending(true))).toMatchObject({ title: 'Local title', status: 'completed' });
    expect(await mergeRemote(remote, local, pending(false))).toMatchObject({ title: 'Relay title', status: 'completed' });
    const stale = { ...local, status: 'not_started' as const, lastActivityAt: T0 + 1 };
    expect(await mergeRemote(stale, { ...local, status: 'submitted', submittedAt: T0 + 4 }, pending(false))).toMatchObject({ status: 'submitted' });
  });

  it('takes a relay copy of a run the device does not hold, without asking for pending writes', async () => {
    const check = pending(true);
    const remote = anInstance();
    expect(await mergeRemote(remote, undefined, check)).toBe(remote);
    expect(check.asked.count).toBe(0);
  });

  it('keeps the relay\'s stored fields leading, status still joined', () => {
    const stored = anInstance({ title: 'First title', status: 'in_progress' });
    expect(mergeOnRelay({ ...stored, title: 'Other', status: 'submitted', submittedAt: T0 + 6, lastActivityAt: T0 + 6 }, stored)).toMatchObject({
      title: 'First title',
      status: 'submitted',
      submittedAt: T0 + 6,
    });
  });
});

describe('shareLink', () => {
  const { mergeLocal, mergeRemote, mergeOnRelay } = RECORDS.shareLink;

  it('never lowers the use count on the device and keeps the first revocation', () => {
    const stored = aShareLink({ useCount: 3, revokedAt: T0 + 1 });
    const { revokedAt: _r, ...unrevoked } = stored;
    expect(mergeLocal({ ...unrevoked, useCount: 0, label: 'crew' }, stored)).toEqual({ ...stored, label: 'crew' });
    expect(mergeLocal({ ...stored, revokedAt: T0 + 9 }, stored)).toMatchObject({ revokedAt: T0 + 1 });
    expect(mergeLocal(stored, undefined)).toBe(stored);
  });

  it('lets the relay decide counts and revocation', async () => {
    const local = aShareLink({ useCount: 5, revokedAt: T0 + 3 });
    const { revokedAt: _r, ...relay } = local;
    expect(await mergeRemote({ ...relay, useCount: 2 }, local, pending(false))).toEqual({ ...relay, useCount: 2 });
  });

  it('keeps a local revocation still waiting in the outbox', async () => {
    const link = aShareLink();
    const check = pending(true);
    expect(await mergeRemote({ ...link, useCount: 3 }, { ...link, revokedAt: T0 + 4 }, check)).toEqual({ ...link, useCount: 3, revokedAt: T0 + 4 });
    expect(check.asked.count).toBe(1);
  });

  it('asks for pending writes only when a local revocation is at stake', async () => {
    const check = pending(true);
    const link = aShareLink();
    await mergeRemote(link, link, check);
    await mergeRemote({ ...link, revokedAt: T0 + 2 }, { ...link, revokedAt: T0 + 1 }, check);
    expect(check.asked.count).toBe(0);
  });

  it('changes a stored link on the relay only by revoking it, at the device\'s time', () => {
    const stored = aShareLink({ useCount: 4 });
    expect(mergeOnRelay({ ...stored, useCount: 0, label: 'other' }, stored)).toBe(stored);
    expect(mergeOnRelay({ ...stored, useCount: 0, revokedAt: T0 + 7 }, stored)).toEqual({ ...stored, revokedAt: T0 + 7 });
    const revoked = { ...stored, revokedAt: T0 + 1 };
    expect(mergeOnRelay({ ...stored, revokedAt: T0 + 7 }, revoked)).toBe(revoked);
  });
});
