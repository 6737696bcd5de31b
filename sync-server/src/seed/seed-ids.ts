/**
 * Fixed ids of the sample content, so every relay and device sees the same documents.
 * Lowercase UUIDs; "5eed" marks them as seed records.
 */
export const SYSTEM_USER_ID = '00000000-0000-4000-8000-000000000001';

/** 2025-01-06T07:00:00Z, the publish time of every seed document. */
export const SEEDED_AT = Date.UTC(2025, 0, 6, 7, 0, 0);

export const SEED_IDS = {
  loto: { document: '5eed0000-0000-4000-8000-00000000d001', version: '5eed0000-0000-4000-8000-00000000e001' },
  confinedSpace: { document: '5eed0000-0000-4000-8000-00000000d002', version: '5eed0000-0000-4000-8000-00000000e002' },
  vehiclePreTrip: { document: '5eed0000-0000-4000-8000-00000000d003', version: '5eed0000-0000-4000-8000-00000000e003' },
  scaffoldDaily: { document: '5eed0000-0000-4000-8000-00000000d004', version: '5eed0000-0000-4000-8000-00000000e004' },
  incidentReport: { document: '5eed0000-0000-4000-8000-00000000d005', version: '5eed0000-0000-4000-8000-00000000e005' },
  safetyObservation: { document: '5eed0000-0000-4000-8000-00000000d006', version: '5eed0000-0000-4000-8000-00000000e006' },
} as const;

/** Round two (migration 8): version 2 of the pre-trip checklist, and a new form. */
export const SEED_IDS_ROUND_TWO = {
  vehiclePreTripTwo: { document: SEED_IDS.vehiclePreTrip.document, version: '5eed0000-0000-4000-8000-00000000e013' },
  defectReport: { document: '5eed0000-0000-4000-8000-00000000d007', version: '5eed0000-0000-4000-8000-00000000e007' },
} as const;
