import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_KINDS, contentDocumentSchema, documentVersionSchema, isEvidenceKind, isUuid } from '../../src/domain';
import type { Field } from '../../src/domain';
import Database from 'better-sqlite3';
import { migrations } from '../src/db/migrations';
import { SEED_CONTENT, SEED_FEED, SEED_IDS, SEED_IDS_ROUND_TWO, SEED_ROUND_TWO, SYSTEM_USER_ID, seedRoundTwo } from '../src/seed/seed';
import { startTestServer } from './helpers/test-server';
import type { TestServer } from './helpers/test-server';

function fieldsOf(entry: (typeof SEED_CONTENT)[number]): Field[] {
  const version = documentVersionSchema.parse(entry.version);
  if (version.contentType === 'form') return version.definition.fields;
  if (version.contentType === 'procedure') return version.definition.steps.flatMap((s) => s.fields ?? []);
  return [];
}

describe('seed content', () => {
  it('is valid against the domain schemas, with each document pointing at its version 1', () => {
    for (const entry of SEED_CONTENT) {
      const doc = contentDocumentSchema.parse(entry.document);
      const version = documentVersionSchema.parse(entry.version);
      expect(doc.currentVersionId).toBe(version.id);
      expect(version).toMatchObject({ documentId: doc.id, version: 1, contentType: doc.contentType, publishedBy: SYSTEM_USER_ID });
      expect(doc.createdBy).toBe(SYSTEM_USER_ID);
    }
  });

  it('uses fixed lowercase UUIDs, all distinct', () => {
    const ids = Object.values(SEED_IDS).flatMap((pair) => [pair.document, pair.version]);
    expect(ids.every(isUuid)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(SEED_CONTENT.map((e) => e.document.id)).toEqual(Object.values(SEED_IDS).map((p) => p.document));
  });

  it('has two of each content type and exercises every field kind but evidence, min/max and a pattern', () => {
    const types = SEED_CONTENT.map((e) => e.document.contentType);
    expect(types.filter((t) => t === 'procedure')).toHaveLength(2);
    expect(types.filter((t) => t === 'checklist')).toHaveLength(2);
    expect(types.filter((t) => t === 'form')).toHaveLength(2);
    const fields = SEED_CONTENT.flatMap(fieldsOf);
    // Evidence kinds (photo, file, signature, location) came later and are not in round one.
    expect(new Set(fields.map((f) => f.kind))).toEqual(new Set(FIELD_KINDS.filter((k) => !isEvidenceKind(k))));
    expect(fields.some((f) => f.kind === 'number' && f.min !== undefined && f.max !== undefined)).toBe(true);
    expect(fields.some((f) => f.pattern !== undefined)).toBe(true);
  });
});

describe('a new relay', () => {
  let relay: TestServer;
  beforeAll(async () => {
    relay = await startTestServer();
  });
  afterAll(async () => {
    await relay.close();
  });

  it('serves the seed documents (each at its latest) and every seed version in the change feed', async () => {
    const { token } = await relay.signup('ada@site.example');
    const res = await relay.request('GET', '/api/changes?limit=1000', { token });
    const changes = res.body.changes as { id: string; value: unknown }[];
    const byId = new Map(changes.map((c) => [c.id, c.value]));
    for (const document of SEED_FEED.documents) expect(byId.get(document.id)).toEqual(document);
    for (const version of SEED_FEED.versions) expect(byId.get(version.id)).toEqual(version);
    expect(changes).toHaveLength(SEED_FEED.documents.length + SEED_FEED.versions.length);
    expect(byId.get(SEED_IDS.vehiclePreTrip.document)).toMatchObject({ currentVersionId: SEED_IDS_ROUND_TWO.vehiclePreTripTwo.version });
  });
});

describe('round two of the sample content (migration 8)', () => {
  /** A database migrated up to (not including) round two, as an existing workspace's is. */
  function beforeRoundTwo(): Database.Database {
    const db = new Database(':memory:');
    // Entry 5 (user_version 5 -> 6) is round two; later migrations (files, …) come after it.
    const roundTwo = 5;
    for (const step of migrations.slice(0, roundTwo)) step(db);
    return db;
  }
  const documentJson = (db: Database.Database, id: string): { currentVersionId: string } =>
    JSON.parse((db.prepare('SELECT json FROM documents WHERE id = ?').get(id) as { json: string }).json) as { currentVersionId: string };

  it('uses responses on every pre-trip item and a form with logic and a repeat group, all valid', () => {
    const [preTrip, defects] = SEED_ROUND_TWO.map((e) => documentVersionSchema.parse(e.version));
    if (preTrip?.contentType !== 'checklist' || defects?.contentType !== 'form') throw new Error('unexpected seed');
    const items = preTrip.definition.sections.flatMap((s) => s.items);
    expect(items.every((i) => i.responses === 'pass-fail-na')).toBe(true);
    expect(items.filter((i) => i.required).every((i) => i.noteWhenFlagged === 'required')).toBe(true);
    expect(preTrip.version).toBe(2);
    const sections = defects.definition.sections ?? [];
    expect(sections.some((s) => s.repeat !== undefined && s.visibleWhen !== undefined)).toBe(true);
    expect(sections.flatMap((s) => s.fields).some((f) => f.calculate !== undefined)).toBe(true);
  });

  it('moves an untouched seed document to its version 2 and adds the new form, keeping version 1', () => {
    const db = beforeRoundTwo();
    seedRoundTwo(db);
    expect(documentJson(db, SEED_IDS.vehiclePreTrip.document).currentVersionId).toBe(SEED_IDS_ROUND_TWO.vehiclePreTripTwo.version);
    expect(db.prepare('SELECT COUNT(*) AS n FROM versions WHERE document_id = ?').get(SEED_IDS.vehiclePreTrip.document)).toEqual({ n: 2 });
    expect(documentJson(db, SEED_IDS_ROUND_TWO.defectReport.document).currentVersionId).toBe(SEED_IDS_ROUND_TWO.defectReport.version);
  });

  it("never overwrites a seed document an admin has published over: their version stays current", () => {
    const db = beforeRoundTwo();
    const own = { ...SEED_CONTENT[2]?.document, currentVersionId: '7a1e0000-0000-4000-8000-000000000001', updatedAt: Date.UTC(2026, 0, 1) };
    db.prepare('UPDATE documents SET json = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(own), own.updatedAt, SEED_IDS.vehiclePreTrip.document);
    seedRoundTwo(db);
    expect(documentJson(db, SEED_IDS.vehiclePreTrip.document).currentVersionId).toBe('7a1e0000-0000-4000-8000-000000000001');
    expect(db.prepare('SELECT COUNT(*) AS n FROM versions WHERE id = ?').get(SEED_IDS_ROUND_TWO.vehiclePreTripTwo.version)).toEqual({ n: 0 });
  });
});
