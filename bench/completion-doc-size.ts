/**
 * DESIGN.md §6: the encoded instance doc of a 200-step procedure after 10,000 toggles stays
 * <= 64 KB. Baseline: the same toggles as a plain `Y.Map.set(stepId, bool)` (what the register
 * entries cost over the naive layout that loses concurrent offline writes).
 * SPEC R27: a 200-row repeat group (3 fields a row) after 5,000 edits stays <= 128 KB.
 */
import * as Y from 'yjs';
import { rowValueKey } from '../src/domain';
import { InstanceDoc } from '../src/completion/instance-doc';
import { mulberry32 } from '../src/completion/test-support';
import type { BenchRow, BenchSuite } from './types';

const STEPS = 200;
const TOGGLES = 10_000;
const BUDGET_KB = 64;
const SEED = 0x5eed;
/** A device id as `src/sync/device.ts` makes them: a UUID's 32 hex digits. */
const DEVICE = '3f0c6a4e8d1b4c559a772f3b1e0d9c41';
const USER = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

const stepId = (i: number): string => `step-${i}`;

function modelDoc(): { bytes: number; devices: number } {
  const random = mulberry32(SEED);
  const doc = new Y.Doc({ gc: true });
  let clock = 1_760_000_000_000;
  const model = new InstanceDoc(doc, { device: DEVICE, by: USER, now: () => (clock += 1 + Math.floor(random() * 5000)) });
  model.initMeta({ instanceId: '7c9e6679-7425-40de-944b-e07fc1f142f1', documentVersionId: '16fd2706-8baf-433b-82eb-8c7fada847da', contentType: 'procedure' });
  const done = new Array<boolean>(STEPS).fill(false);
  for (let t = 0; t < TOGGLES; t++) {
    const i = Math.floor(random() * STEPS);
    done[i] = !done[i];
    model.setDone(stepId(i), done[i] === true);
  }
  return { bytes: Y.encodeStateAsUpdate(doc).byteLength, devices: 1 };
}

function plainMapDoc(): number {
  const random = mulberry32(SEED);
  const doc = new Y.Doc({ gc: true });
  const map = doc.getMap<boolean>('done');
  const done = new Array<boolean>(STEPS).fill(false);
  for (let t = 0; t < TOGGLES; t++) {
    const i = Math.floor(random() * STEPS);
    done[i] = !done[i];
    map.set(stepId(i), done[i] === true);
  }
  return Y.encodeStateAsUpdate(doc).byteLength;
}

const ROWS = 200;
const ROW_FIELDS = ['serial', 'qty', 'ok'];
const ROW_EDITS = 5_000;
const ROWS_BUDGET_KB = 128;
const GROUP = 'parts';

type RowEdit = { kind: 'cell'; row: number; field: string; value: string | number | boolean } | { kind: 'move'; row: number; before: number | null } | { kind: 'toggle'; row: number };

/** The same seeded edits for the model and the baseline: 70% cell edits, 15% moves, 15% deletes/restores. */
function rowEdits(): RowEdit[] {
  const random = mulberry32(SEED);
  const row = (): number => Math.floor(random() * ROWS);
  return Array.from({ length: ROW_EDITS }, (): RowEdit => {
    const roll = random();
    if (roll < 0.7) {
      const field = ROW_FIELDS[Math.floor(random() * ROW_FIELDS.length)] ?? 'qty';
      const value = field === 'ok' ? random() < 0.5 : field === 'qty' ? Math.floor(random() * 100) : `SN-${Math.floor(random() * 1e6)}`;
      return { kind: 'cell', row: row(), field, value };
    }
    if (roll < 0.85) return { kind: 'move', row: row(), before: random() < 0.2 ? null : row() };
    return { kind: 'toggle', row: row() };
  });
}

function rowsModelDoc(): number {
  const random = mulberry32(SEED + 1);
  const doc = new Y.Doc({ gc: true });
  let clock = 1_760_000_000_000;
  const model = new InstanceDoc(doc, { device: DEVICE, by: USER, now: () => (clock += 1 + Math.floor(random() * 5000)) });
  model.initMeta({ instanceId: '7c9e6679-7425-40de-944b-e07fc1f142f1', documentVersionId: '16fd2706-8baf-433b-82eb-8c7fada847da', contentType: 'form' });
  const ids = Array.from({ length: ROWS }, () => model.addRow(GROUP));
  const id = (i: number): string => ids[i] ?? '';
  for (const edit of rowEdits()) {
    if (edit.kind === 'cell') model.setValue(rowValueKey(GROUP, id(edit.row), edit.field), edit.value);
    else if (edit.kind === 'move') {
      if (edit.before !== edit.row) model.moveRow(GROUP, id(edit.row), edit.before === null ? null : id(edit.before));
    } else if (model.rows(GROUP).find((r) => r.id === id(edit.row))?.deleted === true) model.restoreRow(GROUP, id(edit.row));
    else model.deleteRow(GROUP, id(edit.row));
  }
  return Y.encodeStateAsUpdate(doc).byteLength;
}

/** Baseline: every edit as one plain `Y.Map.set` (cells, order strings, deleted flags), no register, no who/when. */
function rowsPlainDoc(): number {
  const doc = new Y.Doc({ gc: true });
  const map = doc.getMap<unknown>('rows');
  const deleted = new Array<boolean>(ROWS).fill(false);
  for (let i = 0; i < ROWS; i++) map.set(`order:${i}`, `a${i}`);
  for (const edit of rowEdits()) {
    if (edit.kind === 'cell') map.set(`${edit.row}.${edit.field}`, edit.value);
    else if (edit.kind === 'move') map.set(`order:${edit.row}`, `m${edit.before ?? 'end'}`);
    else map.set(`deleted:${edit.row}`, (deleted[edit.row] = !deleted[edit.row]));
  }
  return Y.encodeStateAsUpdate(doc).byteLength;
}

function rowsRow(): BenchRow {
  const bytes = rowsModelDoc();
  const baseline = rowsPlainDoc();
  const kb = bytes / 1024;
  return {
    name: `instance doc, ${ROWS}-row repeat group (${ROW_FIELDS.length} fields a row) after ${ROW_EDITS.toLocaleString('en')} edits`,
    value: kb,
    unit: 'KB',
    budget: `<= ${ROWS_BUDGET_KB} KB`,
    pass: kb <= ROWS_BUDGET_KB,
    baseline: baseline / 1024,
    ratio: `${(bytes / baseline).toFixed(2)}x plain Y.Map`,
    note: 'rows:<group> map of row maps (fractional order key, soft delete); cells are register slots; 70% cell edits, 15% moves, 15% deletes/restores. Live data ~97 KB: 600 tuple entries ~120 B (32-hex device, UUID by) + 200 row maps ~120 B (SPEC R27)',
  };
}

export const run: BenchSuite = () => {
  const { bytes } = modelDoc();
  const baseline = plainMapDoc();
  const kb = bytes / 1024;
  return Promise.resolve([
    {
      name: `instance doc, ${STEPS}-step procedure after ${TOGGLES.toLocaleString('en')} toggles`,
      value: kb,
      unit: 'KB',
      budget: `<= ${BUDGET_KB} KB`,
      pass: kb <= BUDGET_KB,
      baseline: baseline / 1024,
      ratio: `${(bytes / baseline).toFixed(2)}x plain Y.Map`,
      note: 'log of [key,device,value,by,at,seen?] tuples; a device removes only its own older entries; gc on. Plain Y.Map keeps a ~9 B tombstone per set',
    },
    rowsRow(),
  ]);
};
