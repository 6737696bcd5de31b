import { SEED_IDS, SEED_IDS_ROUND_TWO } from './seed-ids';
import { seedEntry } from './seed-entry';
import type { SeedEntry } from './seed-entry';
import { vehiclePreTripChecklist } from './checklists';

/**
 * The second round of sample content (migration 8): answers that say what was found and a
 * form with logic. Existing workspaces get it too: the pre-trip checklist is published as
 * version 2 (runs started on version 1 keep it), and the defect report is a new document.
 */

/** 2026-12-01T07:00:00Z, when round two was published. */
export const ROUND_TWO_AT = Date.UTC(2026, 11, 1, 7, 0, 0);

const v1 = vehiclePreTripChecklist.version.definition as { sections: { id: string; title: string; items: { id: string; label: string; required: boolean }[] }[] };

/** Pre-trip with Pass / Fail / N/A on every item; a Fail on a required item needs a note. */
export const vehiclePreTripVersionTwo: SeedEntry = withVersion(
  seedEntry(SEED_IDS.vehiclePreTrip, 'checklist', 'Vehicle pre-trip inspection', vehiclePreTripChecklist.document.description ?? '', {
    fields: [
      { id: 'vehicle', label: 'Vehicle or unit number', kind: 'text', required: true, max: 40 },
      { id: 'odometer', label: 'Odometer (km)', kind: 'number', required: false, min: 0, max: 2_000_000, limits: 'block' },
    ],
    sections: v1.sections.map((section) => ({
      ...section,
      items: section.items.map((item) => ({
        ...item,
        responses: 'pass-fail-na',
        ...(item.required ? { noteWhenFlagged: 'required' as const } : {}),
      })),
    })),
    titleTemplate: 'Pre-trip — {vehicle}',
  }),
  SEED_IDS_ROUND_TWO.vehiclePreTripTwo.version,
  2,
);

const ref = (key: string) => ({ ref: key });
const lit = (value: string | number | boolean) => ({ lit: value });

/** A form with logic: the defects section shows when defects were found, one row per defect, totals calculated. */
export const defectReportForm: SeedEntry = withVersion(seedEntry(
  SEED_IDS_ROUND_TWO.defectReport,
  'form',
  'Equipment defect report',
  'Record every defect found on a piece of plant or equipment, one row per defect. Tag the equipment out of service when a defect is high severity.',
  {
    fields: [
      { id: 'asset', label: 'Asset or plant number', kind: 'text', required: true, max: 60 },
      { id: 'site', label: 'Site', kind: 'text', required: true, max: 120 },
      { id: 'inspectedOn', label: 'Date inspected', kind: 'date', required: true },
      { id: 'defectsFound', label: 'Any defects found?', kind: 'select', required: true, options: ['Yes', 'No'] },
    ],
    sections: [
      {
        id: 'defects',
        title: 'Defects',
        description: 'One row per defect. Add a row for each one you find.',
        visibleWhen: { op: 'eq', args: [ref('defectsFound'), lit('Yes')] },
        repeat: { min: 1, max: 30, addLabel: 'Add defect' },
        fields: [
          { id: 'part', label: 'Part or area', kind: 'text', required: true, max: 120 },
          { id: 'severity', label: 'Severity', kind: 'select', required: true, options: ['Low', 'Medium', 'High'] },
          {
            id: 'hours',
            label: 'Repair estimate (hours)',
            kind: 'number',
            required: false,
            constraints: [{ check: { op: 'le', args: [ref('hours'), lit(200)] }, message: 'A repair over 200 hours needs a work order instead' }],
          },
        ],
      },
      {
        id: 'outcome',
        title: 'Outcome',
        fields: [
          { id: 'defectCount', label: 'Defects recorded', kind: 'number', required: false, calculate: { op: 'count', args: [ref('defects.part')] } },
          { id: 'totalHours', label: 'Total repair estimate (hours)', kind: 'number', required: false, calculate: { op: 'sum', args: [ref('defects.hours')] } },
          {
            id: 'taggedOut',
            label: 'Equipment tagged out of service',
            kind: 'checkbox',
            required: false,
            requiredWhen: { op: 'eq', args: [ref('defectsFound'), lit('Yes')] },
          },
          { id: 'notes', label: 'Anything else the maintainer should know', kind: 'textarea', required: false, max: 2000 },
        ],
      },
    ],
    titleTemplate: '{asset} — {site}',
  },
), SEED_IDS_ROUND_TWO.defectReport.version, 1);

/** `entry` published at ROUND_TWO_AT, as version `version` with id `versionId`. */
function withVersion(entry: SeedEntry, versionId: string, version: number): SeedEntry {
  return {
    document: { ...entry.document, currentVersionId: versionId, updatedAt: ROUND_TWO_AT },
    version: { ...entry.version, id: versionId, version, publishedAt: ROUND_TWO_AT },
  };
}

/** What migration 8 publishes, in order. */
export const SEED_ROUND_TWO: readonly SeedEntry[] = [vehiclePreTripVersionTwo, defectReportForm];
