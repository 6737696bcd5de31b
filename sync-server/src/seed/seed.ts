import type { Database } from 'better-sqlite3';
import { contentDocumentSchema, documentVersionSchema } from '../../../src/domain';
import { confinedSpaceProcedure, lotoProcedure } from './procedures';
import { scaffoldDailyChecklist, vehiclePreTripChecklist } from './checklists';
import { incidentReportForm, safetyObservationForm } from './forms';
import type { SeedEntry } from './seed-entry';
import { SEED_ROUND_TWO } from './seed-round-two';

export { SEED_IDS, SEED_IDS_ROUND_TWO, SEEDED_AT, SYSTEM_USER_ID } from './seed-ids';
import { SEEDED_AT } from './seed-ids';
export { SEED_ROUND_TWO } from './seed-round-two';

/** The sample content every new relay starts with: two procedures, two checklists, two forms. */
export const SEED_CONTENT: readonly SeedEntry[] = [
  lotoProcedure,
  confinedSpaceProcedure,
  vehiclePreTripChecklist,
  scaffoldDailyChecklist,
  incidentReportForm,
  safetyObservationForm,
];

/**
 * What a new relay's change feed carries of the sample content: every seed version, and each
 * document once, at its latest (round two moves the pre-trip checklist to version 2).
 */
export const SEED_FEED: { readonly documents: readonly SeedEntry['document'][]; readonly versions: readonly SeedEntry['version'][] } = (() => {
  const all = [...SEED_CONTENT, ...SEED_ROUND_TWO];
  const documents = new Map(all.map((e) => [e.document.id, e.document]));
  return { documents: [...documents.values()], versions: all.map((e) => e.version) };
})();

/**
 * Insert the sample content and its change-feed rows. Runs once, as migration 2, so it writes
 * with plain SQL against the schema of that migration (not through the record repo, whose
 * statements follow the latest schema): version first, then document, as the repo would.
 */
export function seedSampleContent(db: Database): void {
  const insertVersion = db.prepare('INSERT INTO versions (id, document_id, version, json) VALUES (?, ?, ?, ?)');
  const insertDocument = db.prepare('INSERT INTO documents (id, content_type, updated_at, json) VALUES (?, ?, ?, ?)');
  const insertChange = db.prepare("INSERT INTO changes (kind, record_id, visibility, owner_id) VALUES (?, ?, 'workspace', NULL)");
  for (const entry of SEED_CONTENT) {
    const version = documentVersionSchema.parse(entry.version);
    insertVersion.run(version.id, version.documentId, version.version, JSON.stringify(version));
    insertChange.run('version', version.id);
    const doc = contentDocumentSchema.parse(entry.document);
    insertDocument.run(doc.id, doc.contentType, doc.updatedAt, JSON.stringify(doc));
    insertChange.run('document', doc.id);
  }
}

/**
 * Round two of the sample content (migration 8), for new and existing workspaces alike: each
 * entry's version is added and its document points at it, unless the document has moved on
 * from the seed (an admin published their own version, or archived it): their work is never
 * overwritten. A new document is inserted. A rewritten record moves to the feed's end, as the
 * record repo does (one change row per record).
 */
export function seedRoundTwo(db: Database): void {
  const currentOf = db.prepare<[string], { json: string }>('SELECT json FROM documents WHERE id = ?');
  const insertVersion = db.prepare('INSERT OR IGNORE INTO versions (id, document_id, version, json) VALUES (?, ?, ?, ?)');
  const upsertDocument = db.prepare(
    `INSERT INTO documents (id, content_type, updated_at, json) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET content_type = excluded.content_type, updated_at = excluded.updated_at, json = excluded.json`,
  );
  const dropChange = db.prepare('DELETE FROM changes WHERE kind = ? AND record_id = ?');
  const insertChange = db.prepare("INSERT INTO changes (kind, record_id, visibility, owner_id) VALUES (?, ?, 'workspace', NULL)");
  for (const entry of SEED_ROUND_TWO) {
    const version = documentVersionSchema.parse(entry.version);
    const doc = contentDocumentSchema.parse(entry.document);
    const stored = currentOf.get(doc.id);
    if (stored !== undefined) {
      const current = contentDocumentSchema.parse(JSON.parse(stored.json));
      const untouchedSeed = current.updatedAt === SEEDED_AT && current.archivedAt === undefined && current.currentVersionId !== doc.currentVersionId;
      if (!untouchedSeed) continue;
    }
    if (insertVersion.run(version.id, version.documentId, version.version, JSON.stringify(version)).changes === 1) insertChange.run('version', version.id);
    upsertDocument.run(doc.id, doc.contentType, doc.updatedAt, JSON.stringify(doc));
    dropChange.run('document', doc.id);
    insertChange.run('document', doc.id);
  }
}
