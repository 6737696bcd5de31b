import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_KINDS, contentDocumentSchema, documentVersionSchema, isUuid } from '../../src/domain';
import type { Field } from '../../src/domain';
import { SEED_CONTENT, SEED_IDS, SYSTEM_USER_ID } from '../src/seed/seed';
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

  it('has two of each content type and exercises every field kind, min/max and a pattern', () => {
    const types = SEED_CONTENT.map((e) => e.document.contentType);
    expect(types.filter((t) => t === 'procedure')).toHaveLength(2);
    expect(types.filter((t) => t === 'checklist')).toHaveLength(2);
    expect(types.filter((t) => t === 'form')).toHaveLength(2);
    const fields = SEED_CONTENT.flatMap(fieldsOf);
    expect(new Set(fields.map((f) => f.kind))).toEqual(new Set(FIELD_KINDS));
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

  it('serves the seed documents and versions in the change feed', async () => {
    const { token } = await relay.signup('ada@site.example');
    const res = await relay.request('GET', '/api/changes?limit=1000', { token });
    const byId = new Map((res.body.changes as { id: string; value: unknown }[]).map((c) => [c.id, c.value]));
    for (const entry of SEED_CONTENT) {
      expect(byId.get(entry.document.id)).toEqual(entry.document);
      expect(byId.get(entry.version.id)).toEqual(entry.version);
    }
  });
});
