import { seedEntry } from './seed-entry';
import { SEED_IDS } from './seed-ids';

export const vehiclePreTripChecklist = seedEntry(
  SEED_IDS.vehiclePreTrip,
  'checklist',
  'Vehicle pre-trip inspection',
  'Walk-around check of a light vehicle or site ute before the first trip of the shift. Report any defect before driving.',
  {
    sections: [
      {
        id: 'exterior',
        title: 'Walk-around',
        items: [
          { id: 'tyres', label: 'Tyres inflated, no cuts or bulges, tread above 1.5 mm', required: true },
          { id: 'wheelNuts', label: 'Wheel nuts present and indicators aligned', required: true },
          { id: 'lights', label: 'Headlights, indicators, brake and reversing lights work', required: true },
          { id: 'mirrors', label: 'Mirrors and windscreen clean and undamaged', required: true },
          { id: 'leaks', label: 'No fluid leaks under the vehicle', required: true },
          { id: 'flag', label: 'Mine flag and beacon fitted (site vehicles)', required: false },
        ],
      },
      {
        id: 'engine',
        title: 'Under the bonnet',
        items: [
          { id: 'oil', label: 'Engine oil between min and max', required: true },
          { id: 'coolant', label: 'Coolant level correct (check cold)', required: true },
          { id: 'washer', label: 'Washer fluid topped up', required: false },
        ],
      },
      {
        id: 'cab',
        title: 'In the cab',
        items: [
          { id: 'seatbelts', label: 'Seatbelts latch and retract', required: true },
          { id: 'brakes', label: 'Service and park brake hold', required: true },
          { id: 'horn', label: 'Horn and reversing alarm sound', required: true },
          { id: 'wipers', label: 'Wipers clear the screen', required: true },
          { id: 'extinguisher', label: 'Fire extinguisher tagged within 6 months', required: true },
          { id: 'firstAid', label: 'First aid kit stocked and sealed', required: false },
          { id: 'radio', label: 'Two-way radio on the site channel', required: false },
        ],
      },
    ],
  },
);

export const scaffoldDailyChecklist = seedEntry(
  SEED_IDS.scaffoldDaily,
  'checklist',
  'Scaffold daily inspection',
  'Before first use each shift and after bad weather. If any required item fails, red-tag the scaffold and tell the supervisor.',
  {
    sections: [
      {
        id: 'foundation',
        title: 'Foundation',
        items: [
          { id: 'basePlates', label: 'Base plates and sole boards on firm, level ground', required: true },
          { id: 'noUndermining', label: 'No excavation or washout near the standards', required: true },
        ],
      },
      {
        id: 'structure',
        title: 'Structure',
        items: [
          { id: 'plumb', label: 'Standards plumb, ledgers level', required: true },
          { id: 'bracing', label: 'Bracing complete and couplers tight', required: true },
          { id: 'ties', label: 'Ties to the structure in place at the marked intervals', required: true },
          { id: 'noAlterations', label: 'No unauthorised alterations since the last inspection', required: true },
        ],
      },
      {
        id: 'platform',
        title: 'Working platform',
        items: [
          { id: 'planks', label: 'Planks fully decked, secured and free of splits', required: true },
          { id: 'guardrails', label: 'Top and mid guardrails on every open side', required: true },
          { id: 'toeBoards', label: 'Toe boards fitted', required: true },
          { id: 'housekeeping', label: 'Platform clear of loose material and debris', required: false },
        ],
      },
      {
        id: 'access',
        title: 'Access and tagging',
        items: [
          { id: 'ladder', label: 'Ladder secured and extends 1 m above the landing', required: true },
          { id: 'greenTag', label: 'Green scaffold tag displayed and signed within 7 days', required: true },
        ],
      },
    ],
  },
);
