import type { Database } from 'better-sqlite3';
import { contentDocumentSchema, documentVersionSchema } from '../../../src/domain';
import { confinedSpaceProcedure, lotoProcedure } from './procedures';
import { scaffoldDailyChecklist, vehiclePreTripChecklist } from './checklists';
import { incidentReportForm, safetyObservationForm } from './forms';
import type { SeedEntry } from './seed-entry';

export { SEED_IDS, SEEDED_AT, SYSTEM_USER_ID } from './seed-ids';

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
