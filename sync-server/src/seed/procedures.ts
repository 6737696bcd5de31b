import { seedEntry } from './seed-entry';
import { SEED_IDS } from './seed-ids';

export const lotoProcedure = seedEntry(
  SEED_IDS.loto,
  'procedure',
  'Lockout/tagout (LOTO) for conveyor maintenance',
  'Isolate and verify zero energy on a belt conveyor before clearing jams, changing idlers or working on the drive.',
  {
    steps: [
      {
        id: 'notify',
        title: 'Notify affected employees',
        body: 'Tell the line operators and the shift supervisor which conveyor is coming down, why, and for how long.',
        required: true,
        fields: [{ id: 'conveyor', label: 'Conveyor ID', kind: 'text', required: true, pattern: 'CV-[0-9]{2,3}', patternExample: 'CV-104', help: 'As stencilled on the drive guard, e.g. CV-104' }],
      },
      {
        id: 'identify',
        title: 'Identify every energy source',
        body: 'Check the equipment-specific LOTO placard. Belt conveyors often hold energy in take-up counterweights and pneumatic belt cleaners.',
        required: true,
        fields: [
          {
            id: 'sources',
            label: 'Energy sources present',
            kind: 'multiselect',
            required: true,
            options: ['Electrical', 'Pneumatic', 'Hydraulic', 'Gravity (take-up counterweight)', 'Stored belt tension', 'Thermal'],
          },
        ],
      },
      { id: 'shutdown', title: 'Shut down with the normal stop', body: 'Use the local stop station, not the e-stop pull cord, so the drive ramps down.', required: true },
      {
        id: 'isolate',
        title: 'Isolate at the disconnect',
        body: 'Open the motor disconnect at the MCC and close the air supply valve to the belt cleaner.',
        required: true,
        fields: [{ id: 'isolationPoints', label: 'Isolation points used', kind: 'textarea', required: true, max: 500 }],
      },
      {
        id: 'lock',
        title: 'Apply personal lock and tag',
        body: 'Every person working on the conveyor applies their own lock to the group lockbox or hasp.',
        required: true,
        fields: [
          { id: 'lockNumber', label: 'Personal lock number', kind: 'text', required: true, pattern: '[0-9]{3,6}', patternMessage: 'The number stamped on your lock: 3 to 6 digits' },
          { id: 'locksApplied', label: 'Number of locks on the hasp', kind: 'number', required: true, min: 1, max: 12, limits: 'block' },
        ],
      },
      {
        id: 'release',
        title: 'Release stored energy',
        body: 'Block or lower the gravity take-up, bleed the pneumatic line to zero and relieve belt tension before entering the guard.',
        required: true,
      },
      {
        id: 'verify',
        title: 'Verify zero energy (try-out)',
        body: 'Press start at the local station and at the control room. Test for voltage at the motor terminals with a rated meter.',
        required: true,
        fields: [
          { id: 'voltage', label: 'Measured voltage at motor terminals (V)', kind: 'number', required: true, min: 0, max: 50, help: 'Anything above 50 V: stop and re-isolate.' },
          { id: 'startTested', label: 'Start pressed, conveyor did not move', kind: 'checkbox', required: true },
        ],
      },
      { id: 'work', title: 'Carry out the maintenance', body: 'Keep your key on you. If you leave the site, hand over per the shift-change procedure.', required: true },
      {
        id: 'restore',
        title: 'Restore to service',
        body: 'Remove tools, refit guards, warn everyone in the area, then each person removes only their own lock.',
        required: true,
        fields: [
          { id: 'guardsRefitted', label: 'All guards refitted', kind: 'checkbox', required: true },
          { id: 'returnedOn', label: 'Date returned to service', kind: 'date', required: true },
        ],
      },
    ],
  },
);

export const confinedSpaceProcedure = seedEntry(
  SEED_IDS.confinedSpace,
  'procedure',
  'Confined space entry',
  'Permit-required entry into tanks, pits, vaults and silos. Nobody enters until the atmosphere has been tested and an attendant is posted.',
  {
    steps: [
      {
        id: 'permit',
        title: 'Check the entry permit',
        body: 'The permit must be signed by the entry supervisor for this shift and list every entrant by name.',
        required: true,
        fields: [{ id: 'permitNumber', label: 'Permit number', kind: 'text', required: true, pattern: 'CSE-[0-9]{4}-[0-9]{3}', patternExample: 'CSE-2025-014', help: 'e.g. CSE-2025-014' }],
      },
      {
        id: 'isolate',
        title: 'Isolate and ventilate the space',
        body: 'Blank or double-block-and-bleed every line into the space. Lock out agitators and pumps.',
        required: true,
        fields: [
          { id: 'ventilation', label: 'Ventilation method', kind: 'select', required: true, options: ['Forced air supply', 'Exhaust extraction', 'Natural (supervisor approved)'] },
        ],
      },
      {
        id: 'atmosphere',
        title: 'Test the atmosphere',
        body: 'Test top, middle and bottom with a calibrated four-gas monitor, in this order: oxygen, flammables, toxics. Record the lowest oxygen and highest other readings.',
        required: true,
        fields: [
          { id: 'oxygen', label: 'Oxygen (% vol)', kind: 'number', required: true, min: 19.5, max: 23.5 },
          { id: 'lel', label: 'Flammable gas (% LEL)', kind: 'number', required: true, min: 0, max: 10 },
          { id: 'h2s', label: 'Hydrogen sulphide (ppm)', kind: 'number', required: true, min: 0, max: 10 },
          { id: 'co', label: 'Carbon monoxide (ppm)', kind: 'number', required: true, min: 0, max: 35 },
        ],
      },
      {
        id: 'attendant',
        title: 'Post the attendant',
        body: 'The attendant stays at the opening for the whole entry, keeps a count of entrants and never enters to attempt rescue.',
        required: true,
        fields: [{ id: 'attendantName', label: 'Attendant name', kind: 'text', required: true, min: 2, max: 80 }],
      },
      {
        id: 'rescue',
        title: 'Confirm rescue arrangements',
        body: 'Tripod and winch rigged over the opening, harnesses on, rescue team contact tested.',
        required: true,
        fields: [{ id: 'rescueReady', label: 'Retrieval system rigged and tested', kind: 'checkbox', required: true }],
      },
      {
        id: 'enter',
        title: 'Enter and monitor continuously',
        body: 'Wear the personal gas monitor in the breathing zone. Leave at once on any alarm.',
        required: true,
        fields: [
          { id: 'ppe', label: 'PPE worn', kind: 'multiselect', required: true, min: 1, options: ['Full-body harness', 'Personal gas monitor', 'Hard hat', 'Respirator', 'Chemical gloves', 'Intrinsically safe lamp'] },
        ],
      },
      {
        id: 'close',
        title: 'Exit and close the permit',
        body: 'Account for every entrant, remove equipment, close the opening and return the permit to the supervisor.',
        required: true,
        fields: [
          { id: 'closedOn', label: 'Permit closed on', kind: 'date', required: true },
          { id: 'remarks', label: 'Remarks', kind: 'textarea', required: false, max: 2000 },
        ],
      },
    ],
  },
);
