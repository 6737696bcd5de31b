/** A form with every evidence kind (issue 11), published by the evidence specs. */
export const EVIDENCE_FORM = 'Site evidence';
export const evidenceDefinition = {
  fields: [
    { id: 'findings', label: 'What was found', kind: 'text', required: false },
    { id: 'damage', label: 'Photos of the damage', kind: 'photo', required: true, min: 2, max: 5 },
    { id: 'signoff', label: 'Supervisor signature', kind: 'signature', required: true },
    { id: 'where', label: 'Where it is', kind: 'location', required: true, accuracyLimit: 20 },
  ],
};
