import type { Database } from 'better-sqlite3';
import { contentDocumentSchema, documentVersionSchema } from '../../../src/domain';
import { createRecordRepo } from '../db/record-repo';
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

/** Insert the sample content through the record repo, so it lands in the change feed. Runs once, as a migration. */
export function seedSampleContent(db: Database): void {
  const records = createRecordRepo(db);
  for (const entry of SEED_CONTENT) {
    records.putVersion(documentVersionSchema.parse(entry.version));
    records.putDocument(contentDocumentSchema.parse(entry.document));
  }
}
