import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { rowValueKey } from '../domain';
import { InstanceDoc, LOCAL_ORIGIN } from './instance-doc';
import { mulberry32, syncAll } from './test-support';

/**
 * R14: seeded convergence fuzz. Three peers make random edits with skewed clocks; their updates
 * are delivered in random order, in part, late or twice; then everything is exchanged and the
 * peers must agree on snapshot, conflicts and notes. A failure prints its seed; pin it below.
 */

const PEERS = 3;
const STEPS = ['s1', 's2', 's3', 's4'];
const FIELDS = ['s1.temp', 'reading', 'choice'];
const NOTES = ['s1', 's2'];
const OPS = 120;
const SETTLED_IN_FLIGHT_SEED = 55;
const TIED_SEED = 3;

interface Peer {
  readonly doc: Y.Doc;
  readonly model: InstanceDoc;
  /** Updates waiting to reach this peer, in the order they were made elsewhere. */
  inbox: Uint8Array[];
}

interface State {
  snapshot: unknown;
  conflicts: unknown;
  notes: Record<string, string>;
}

function stateOf(model: InstanceDoc): State {
  const conflicts = model.conflictKeys().map((slot) => [slot, model.read(slot), model.conflicts(slot).map((e) => [e.device, e.value, e.at])]);
  const notes: Record<string, string> = {};
  for (const id of model.noteIds()) notes[id] = JSON.stringify(model.notes(id));
  return { snapshot: model.snapshot(), conflicts, notes };
}

interface Stats {
  /** Conflicts seen by a peer before it made a settle/skip decision. */
  conflictsSeen: number;
  /** Settles made while some updates were still undelivered. */
  settledInFlight: number;
  /** Final conflicts whose two sides carry the same time (won by device id). */
  tiedConflicts: number;
}

function runSeed(seed: number): { states: State[] } & Stats {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  let time = 1_700_000_000_000;
  const peers: Peer[] = [];
  for (let p = 0; p < PEERS; p++) {
    const doc = new Y.Doc();
    // Yjs orders concurrent inserts by clientID, which is random by default: seed it, or a seed would not replay.
    doc.clientID = 1 + Math.floor(random() * 0x7fffffff);
    const skew = Math.floor(random() * 4000) - 2000;
    const model = new InstanceDoc(doc, { device: `device-${p}`, by: `user-${p % 2}`, now: () => time + skew });
    const self: Peer = { doc, model, inbox: [] };
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== LOCAL_ORIGIN) return;
      for (const other of peers) if (other !== self) other.inbox.push(update);
    });
    peers.push(self);
  }
  let conflictsSeen = 0;
  let settledInFlight = 0;

  for (let op = 0; op < OPS; op++) {
    time += Math.floor(random() * 3); // equal times happen, so tie-breaking is exercised
    const peer = pick(peers);
    const roll = random();
    if (roll < 0.3) {
      peer.model.setDone(pick(STEPS), random() < 0.5);
    } else if (roll < 0.5) {
      const key = pick(FIELDS);
      peer.model.setValue(key, pick<string | number | string[] | null>(['a', 'b', 7, ['x', 'y'], null]));
    } else if (roll < 0.6) {
      const slots = peer.model.conflictKeys();
      conflictsSeen += slots.length;
      if (slots.length > 0) {
        const slot = pick(slots);
        peer.model.settle(slot, peer.model.conflicts(slot)[0]?.value ?? null);
        if (peers.some((p) => p.inbox.length > 0)) settledInFlight++;
      }
    } else if (roll < 0.75) {
      const id = pick(NOTES);
      // Add, rewrite or remove one of this peer's notes on a step. Draws as many random
      // numbers as the text-splice notes of before, so the pinned seeds keep their paths.
      const noteId = random() < 0.5 ? 'n1' : 'n2';
      if (random() < 0.3) random();
      peer.model.putNote(id, noteId, pick(['a', 'bc', 'def ', '']));
    } else {
      // Partial, out-of-order delivery: some updates arrive (maybe twice), the rest wait.
      const inbox = peer.inbox;
      const keep: Uint8Array[] = [];
      for (const update of [...inbox].sort(() => random() - 0.5)) {
        if (random() < 0.6) {
          Y.applyUpdate(peer.doc, update, 'peer');
          if (random() < 0.1) Y.applyUpdate(peer.doc, update, 'peer');
        } else keep.push(update);
      }
      peer.inbox = keep;
    }
  }

  for (const peer of peers) {
    for (const update of peer.inbox.reverse()) Y.applyUpdate(peer.doc, update, 'peer');
    peer.inbox = [];
  }
  syncAll(peers.map((p) => p.doc));
  const model = peers[0]?.model;
  const tiedConflicts = (model?.conflictKeys() ?? []).filter((slot) => model?.conflicts(slot).some((e) => e.at === model.lastWrite(slot)?.at)).length;
  return { states: peers.map((p) => stateOf(p.model)), conflictsSeen, settledInFlight, tiedConflicts };
}

function expectConverged(seed: number): void {
  const { states } = runSeed(seed);
  for (let i = 1; i < states.length; i++) {
    expect(states[i], `peers diverged for seed ${seed} (peer 0 vs ${i}); pin it in pinnedSeeds`).toEqual(states[0]);
  }
}

/** Seeds kept as named cases: each covers a path the random runs reach only sometimes. */
const pinnedSeeds: readonly { name: string; seed: number; covers: keyof Stats }[] = [
  { name: 'conflicts settled while updates are still in flight', seed: SETTLED_IN_FLIGHT_SEED, covers: 'settledInFlight' },
  { name: 'a conflict between two writes with the same time', seed: TIED_SEED, covers: 'tiedConflicts' },
];

describe('R14 convergence under random edits and delivery', () => {
  for (const { name, seed, covers } of pinnedSeeds) {
    it(`R14 pinned seed ${seed}: ${name}`, () => {
      expect(runSeed(seed)[covers], `seed ${seed} no longer covers ${covers}`).toBeGreaterThan(0);
      expectConverged(seed);
    });
  }

  it('R14 three peers converge for 50 random seeds', () => {
    for (let seed = 1; seed <= 50; seed++) expectConverged(seed);
  });

  it('R3 R14 the random runs do produce conflicts to settle', () => {
    let total = 0;
    for (let seed = 1; seed <= 50; seed++) total += runSeed(seed).conflictsSeen;
    expect(total).toBeGreaterThan(0);
  });

  it('R5 R14 settling every conflict on one peer clears it everywhere after sync', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = mulberry32(seed);
      let time = 1_000;
      const docs = [0, 1, 2].map((p) => {
        const doc = new Y.Doc();
        doc.clientID = seed * 10 + p;
        return doc;
      });
      const models = docs.map((doc, p) => new InstanceDoc(doc, { device: `device-${p}`, by: 'u', now: () => time + p * 7 }));
      for (let op = 0; op < 40; op++) {
        time += Math.floor(random() * 2);
        models[Math.floor(random() * 3)]?.setValue(`f${Math.floor(random() * 3)}`, Math.floor(random() * 4));
      }
      syncAll(docs);
      const settler = models[seed % 3];
      for (const slot of settler?.conflictKeys() ?? []) settler?.settle(slot, settler.read(slot) ?? null);
      syncAll(docs);
      for (const model of models) expect(model.conflictKeys(), `seed ${seed}`).toEqual([]);
    }
  });
});

/**
 * R14 R21–R24: the same fuzz over answers that are response ids and over repeat rows. Peers add,
 * move, delete and restore rows and edit their cells (deleted rows too) while updates arrive in
 * random order, in part, late or twice; afterwards every replica shows the same rows in the same
 * order, and nothing is lost: every row ever added is in `rows()` and every cell written reads.
 */
const ROW_PEERS = 4;
const ROW_OPS = 160;
const GROUPS = ['parts', 's2'];
const CELLS = ['serial', 'qty', 'ok'];
const RESPONSE_ITEMS = ['cones', 'sign', 's1'];
const RESPONSE_IDS = ['pass', 'fail', 'na', 'yes', 'no'];
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

interface RowsRun {
  states: unknown[];
  added: Map<string, Set<string>>;
  cells: Set<string>;
  ops: Record<'add' | 'move' | 'delete' | 'restore' | 'cell' | 'respond', number>;
}

function runRowsSeed(seed: number): RowsRun {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  // Row ids from the seed (not newRowId's crypto), so a failing seed replays.
  const rowId = (): string => Array.from({ length: 10 }, () => pick([...BASE62])).join('');
  let time = 1_700_000_000_000;
  const peers: Peer[] = [];
  for (let p = 0; p < ROW_PEERS; p++) {
    const doc = new Y.Doc();
    doc.clientID = 1 + Math.floor(random() * 0x7fffffff);
    const skew = Math.floor(random() * 4000) - 2000;
    const model = new InstanceDoc(doc, { device: `device-${p}`, by: `user-${p % 2}`, now: () => time + skew });
    const self: Peer = { doc, model, inbox: [] };
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== LOCAL_ORIGIN) return;
      for (const other of peers) if (other !== self) other.inbox.push(update);
    });
    peers.push(self);
  }
  const added = new Map(GROUPS.map((g) => [g, new Set<string>()]));
  const cells = new Set<string>();
  const ops = { add: 0, move: 0, delete: 0, restore: 0, cell: 0, respond: 0 };

  for (let op = 0; op < ROW_OPS; op++) {
    time += Math.floor(random() * 3);
    const peer = pick(peers);
    const group = pick(GROUPS);
    const known = peer.model.rows(group);
    const roll = random();
    if (roll < 0.15) {
      peer.model.setValue(pick(RESPONSE_ITEMS), pick(RESPONSE_IDS));
      ops.respond++;
    } else if (roll < 0.35 || known.length === 0) {
      const id = rowId();
      const after = random() < 0.5 && known.length > 0 ? pick(known).id : undefined;
      peer.model.addRow(group, after, id);
      added.get(group)?.add(id);
      ops.add++;
    } else if (roll < 0.5) {
      const row = pick(known);
      const before = random() < 0.3 ? null : pick(known).id;
      if (before !== row.id) peer.model.moveRow(group, row.id, before);
      ops.move++;
    } else if (roll < 0.6) {
      peer.model.deleteRow(group, pick(known).id);
      ops.delete++;
    } else if (roll < 0.67) {
      peer.model.restoreRow(group, pick(known).id);
      ops.restore++;
    } else if (roll < 0.82) {
      // Cells of deleted rows too: they must still be there after a restore (R24).
      const key = rowValueKey(group, pick(known).id, pick(CELLS));
      peer.model.setValue(key, pick<string | number | boolean>(['SN-1', 'SN-2', 3, 4, true]));
      cells.add(key);
      ops.cell++;
    } else {
      const keep: Uint8Array[] = [];
      for (const update of [...peer.inbox].sort(() => random() - 0.5)) {
        if (random() < 0.6) {
          Y.applyUpdate(peer.doc, update, 'peer');
          if (random() < 0.1) Y.applyUpdate(peer.doc, update, 'peer');
        } else keep.push(update);
      }
      peer.inbox = keep;
    }
  }

  for (const peer of peers) {
    for (const update of peer.inbox.reverse()) Y.applyUpdate(peer.doc, update, 'peer');
    peer.inbox = [];
  }
  syncAll(peers.map((p) => p.doc));
  const states = peers.map(({ model }) => ({
    ...stateOf(model),
    rows: GROUPS.map((g) => model.rows(g)),
  }));
  return { states, added, cells, ops };
}

describe('R14 convergence of responses and repeat rows', () => {
  it('R14 R21 R22 R24 four peers agree on rows, order, deletions, cells and responses for 40 random seeds, and lose nothing', () => {
    const totals = { add: 0, move: 0, delete: 0, restore: 0, cell: 0, respond: 0 };
    for (let seed = 1; seed <= 40; seed++) {
      const { states, added, cells, ops } = runRowsSeed(seed);
      for (const [k, n] of Object.entries(ops)) totals[k as keyof typeof totals] += n;
      for (let i = 1; i < states.length; i++) expect(states[i], `peers diverged for seed ${seed} (peer 0 vs ${i})`).toEqual(states[0]);
      const first = states[0] as { rows: { id: string; deleted: boolean }[][]; snapshot: { rows?: Record<string, string[]>; values: Record<string, unknown> } };
      GROUPS.forEach((g, i) => {
        const ids = (first.rows[i] ?? []).map((r) => r.id);
        expect(new Set(ids), `seed ${seed}: a row of ${g} was lost`).toEqual(added.get(g));
        expect(first.snapshot.rows?.[g] ?? [], `seed ${seed}: snapshot rows of ${g}`).toEqual((first.rows[i] ?? []).filter((r) => !r.deleted).map((r) => r.id));
      });
      for (const key of cells) expect(first.snapshot.values[key], `seed ${seed}: cell ${key} lost`).toBeDefined();
    }
    // The runs exercise every kind of edit.
    for (const n of Object.values(totals)) expect(n).toBeGreaterThan(20);
  });
});
