import { seedEntry } from './seed-entry';
import { SEED_IDS } from './seed-ids';

export const incidentReportForm = seedEntry(
  SEED_IDS.incidentReport,
  'form',
  'Incident report',
  'Report any injury, near miss, property damage or spill before the end of the shift. Make the scene safe first.',
  {
    fields: [
      { id: 'occurredOn', label: 'Date of incident', kind: 'date', required: true },
      { id: 'occurredAt', label: 'Time (24 h, HH:MM)', kind: 'text', required: true, pattern: '([01][0-9]|2[0-3]):[0-5][0-9]', patternExample: '07:45' },
      { id: 'location', label: 'Location / area', kind: 'text', required: true, max: 200 },
      { id: 'type', label: 'Type of incident', kind: 'select', required: true, options: ['Injury', 'Near miss', 'Property damage', 'Environmental release', 'Vehicle incident'] },
      {
        id: 'factors',
        label: 'Contributing factors',
        kind: 'multiselect',
        required: false,
        options: ['Procedure not followed', 'Equipment failure', 'Poor housekeeping', 'Weather', 'Fatigue', 'Inadequate training', 'Communication'],
      },
      { id: 'peopleInvolved', label: 'People involved', kind: 'number', required: true, min: 0, max: 50, limits: 'block' },
      { id: 'description', label: 'What happened?', kind: 'textarea', required: true, min: 20, max: 5000, help: 'Facts only: the sequence of events, not who is to blame.' },
      { id: 'immediateActions', label: 'Immediate actions taken', kind: 'textarea', required: true, max: 2000 },
      { id: 'firstAidGiven', label: 'First aid given', kind: 'checkbox', required: false },
      { id: 'supervisorNotified', label: 'Supervisor notified', kind: 'checkbox', required: true },
      { id: 'reporterPhone', label: 'Your phone number', kind: 'text', required: false, pattern: '\\+?[0-9 ]{8,16}', patternMessage: 'Use digits and spaces, with + in front for an international number' },
    ],
  },
);

export const safetyObservationForm = seedEntry(
  SEED_IDS.safetyObservation,
  'form',
  'Site safety observation',
  'Record a safe or at-risk behaviour or condition you saw, and what was done about it. Positive observations count too.',
  {
    fields: [
      { id: 'observedOn', label: 'Date observed', kind: 'date', required: true },
      { id: 'area', label: 'Site / area', kind: 'text', required: true, max: 120 },
      { id: 'observationType', label: 'Observation', kind: 'select', required: true, options: ['Safe behaviour', 'At-risk behaviour', 'Unsafe condition'] },
      {
        id: 'categories',
        label: 'Categories',
        kind: 'multiselect',
        required: true,
        min: 1,
        max: 3,
        options: ['PPE', 'Housekeeping', 'Working at height', 'Lifting and rigging', 'Tools and equipment', 'Traffic management', 'Hazardous substances'],
      },
      { id: 'riskRating', label: 'Risk rating (1 low – 5 extreme)', kind: 'number', required: true, min: 1, max: 5, limits: 'block' },
      { id: 'observed', label: 'What did you see?', kind: 'textarea', required: true, max: 3000 },
      { id: 'discussed', label: 'Discussed with the people involved', kind: 'checkbox', required: false },
      { id: 'actionTaken', label: 'Action taken or recommended', kind: 'textarea', required: false, max: 2000 },
      { id: 'workOrder', label: 'Work order number (if raised)', kind: 'text', required: false, pattern: 'WO-[0-9]{6}', patternExample: 'WO-004512' },
    ],
  },
);
