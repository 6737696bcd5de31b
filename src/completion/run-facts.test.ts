import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { activityEventSchema, activityIdForPart, flaggedPhotosKey, instanceSchema } from '../domain';
import type { ChecklistDefinition, CompletionSnapshot, DocumentVersion } from '../domain';
import { INSTANCE, instanceOf, procedureVersion } from './fixtures';
import { InstanceDoc } from './instance-doc';
import { applyEdit, closeInstance, finish, openInstance } from './instance-service';
import type { CompletionWrite, RecordWriter } from './instance-service';
import { MemoryDocStore, memoryPersistence } from './persistence';
import { finishInstance, projectInstance } from './projection';

/** A pre-trip checklist answered with Pass / Fail / N/A, a note required on Fail, scored, named from its answers. */
const preTrip: DocumentVersion = {
  ...procedureVersion,
  contentType: 'checklist',
  definition: {
    titleTemplate: '{vehicle} — {site}',
    scoring: true,
    fields: [
      { id: 'vehicle', label: 'Vehicle', kind: 'text', required: false },
      { id: 'site', label: 'Site', kind: 'text', required: false },
    ],
    sections: [
      {
        id: 'outside',
        title: 'Outside',
        items: [
          { id: 'tyres', label: 'Tyres', required: false, responses: 'pass-fail-na', noteWhenFlagged: 'required' },
          { id: 'lights', label: 'Lights', required: false, responses: 'pass-fail-na', weight: 2 },
          { id: 'cones', label: 'Cones', required: false },
        ],
      },
    ],
  },
};
const snap = (values: CompletionSnapshot['values'], done: CompletionSnapshot['done'] = {}): CompletionSnapshot => ({ done, values });

describe('projection of name, flags and score', () => {
  it('R45 a flagged answer that asks for a photo refuses finishing until one is attached; a passed one asks for none', () => {
    const withPhoto: DocumentVersion = {
      ...preTrip,
      definition: { ...preTrip.definition, sections: [{ id: 'outside', title: 'Outside', items: [{ id: 'lights', label: 'Lights', required: false, responses: 'pass-fail-na', photoWhenFlagged: 'required' }] }] } as ChecklistDefinition,
    };
    const doc = new InstanceDoc(new Y.Doc(), { device: 'tablet-1', by: 'user-1', now: () => 5 });
    doc.setValue('lights', 'fail');
    expect(finishInstance(instanceOf(withPhoto), withPhoto.definition, doc.snapshot(), 900)).toEqual({ ok: false, reason: 'photo_missing', parts: ['lights'] });
    const sha = 'c'.repeat(64);
    doc.addEvidence(flaggedPhotosKey('lights'), { kind: 'file', file: { sha256: sha, thumb: null, mime: 'image/jpeg', size: 10, w: 1, h: 1, capturedAt: 5, by: 'user-1' } });
    expect(finishInstance(instanceOf(withPhoto), withPhoto.definition, doc.snapshot(), 900).ok).toBe(true);
    const passed = new InstanceDoc(new Y.Doc(), { device: 'tablet-1', by: 'user-1' });
    passed.setValue('lights', 'pass');
    expect(finishInstance(instanceOf(withPhoto), withPhoto.definition, passed.snapshot(), 900).ok).toBe(true);
  });

  it('R31 R33 R34 the row carries the run name, the flag count and the score', () => {
    const row = projectInstance(instanceOf(preTrip), preTrip.definition, snap({ vehicle: 'Ute 14', tyres: 'fail', lights: 'pass' }), 500);
    expect(row).toMatchObject({ name: 'Ute 14', flagged: 1, score: { got: 2, max: 3 } });
    expect(instanceSchema.safeParse(row).success).toBe(true);
  });

  it('R31 R33 a definition without template, responses or ranges projects no name, count or score', () => {
    const row = projectInstance(instanceOf(procedureVersion), procedureVersion.definition, snap({}, { s2: true }), 500);
    expect(row.name).toBeUndefined();
    expect(row.flagged).toBeUndefined();
    expect(row.score).toBeUndefined();
  });

  it('R33 the count goes back to 0 once a flagged answer is changed', () => {
    const flagged = projectInstance(instanceOf(preTrip), preTrip.definition, snap({ tyres: 'fail' }), 500);
    expect(projectInstance(flagged, preTrip.definition, snap({ tyres: 'pass' }), 600).flagged).toBe(0);
  });
});

describe('finishing with flagged answers', () => {
  it('R30 a flagged answer that needs a note refuses finishing, naming the part, until it has one', () => {
    const values = { tyres: 'fail', lights: 'pass' };
    expect(finishInstance(instanceOf(preTrip), preTrip.definition, snap(values), 900)).toEqual({ ok: false, reason: 'note_missing', parts: ['tyres'] });
    const result = finishInstance(instanceOf(preTrip), preTrip.definition, snap({ ...values, vehicle: 'Ute 14', site: 'Depot' }), 900, (id) => id === 'tyres');
    if (!result.ok) throw new Error(result.reason);
    expect(result.instance).toMatchObject({ status: 'completed', name: 'Ute 14 — Depot', flagged: 1, score: { got: 2, max: 3 } });
    expect(result.events[0]?.metadata).toEqual({ flagged: 1, flaggedAnswers: 'Outside › Tyres: Fail' });
    expect(activityEventSchema.safeParse(result.events[0]).success).toBe(true);
  });
});

function recorder(): RecordWriter & { calls: CompletionWrite[][] } {
  const calls: CompletionWrite[][] = [];
  return {
    calls,
    writeRecords(writes) {
      calls.push([...writes]);
      return Promise.resolve();
    },
  };
}

async function openOn(store: MemoryDocStore, device: string, records: RecordWriter) {
  let clock = 1_000;
  return openInstance({ instance: instanceOf(preTrip), version: preTrip, persistence: memoryPersistence(store, INSTANCE), records, device, now: () => (clock += 10) });
}

describe('answer_flagged events', () => {
  it('R32 answering Fail writes one answer_flagged event in the same call as the row; Pass writes none', async () => {
    const records = recorder();
    const opened = await openOn(new MemoryDocStore(), 'tablet-1', records);
    await applyEdit(opened, { kind: 'value', key: 'lights', value: 'pass' });
    await applyEdit(opened, { kind: 'value', key: 'tyres', value: 'fail' });
    expect(records.calls[0]?.map((w) => w.kind)).toEqual(['instance']);
    const call = records.calls[1] ?? [];
    expect(call.map((w) => w.kind)).toEqual(['instance', 'activity']);
    expect(call[0]?.value).toMatchObject({ flagged: 1 });
    expect(call[1]?.value).toMatchObject({
      id: activityIdForPart('answer_flagged', INSTANCE, 'tyres'),
      type: 'answer_flagged',
      title: 'Pump checklist',
      metadata: { partKey: 'tyres', part: 'Tyres', response: 'Fail', within: 'Outside' },
    });
    expect(activityEventSchema.safeParse(call[1]?.value).success).toBe(true);
    await closeInstance(opened);
  });

  it('R32 two devices flagging the same item record events with one id', async () => {
    const a = recorder();
    const b = recorder();
    const one = await openOn(new MemoryDocStore(), 'tablet-1', a);
    const two = await openOn(new MemoryDocStore(), 'tablet-2', b);
    await applyEdit(one, { kind: 'value', key: 'tyres', value: 'fail' });
    await applyEdit(two, { kind: 'value', key: 'tyres', value: 'fail' });
    const idOf = (r: typeof a) => r.calls.flat().find((w) => w.kind === 'activity')?.value.id;
    expect(idOf(a)).toBeDefined();
    expect(idOf(a)).toBe(idOf(b));
    await closeInstance(one);
    await closeInstance(two);
  });

  it('R30 S4 finish is refused until the flagged item has a note, then completes', async () => {
    const records = recorder();
    const opened = await openOn(new MemoryDocStore(), 'tablet-1', records);
    await applyEdit(opened, { kind: 'value', key: 'tyres', value: 'fail' });
    expect(await finish(opened)).toEqual({ ok: false, reason: 'note_missing', parts: ['tyres'] });
    await applyEdit(opened, { kind: 'note', stepId: 'tyres', noteId: 'n1', text: 'Front left worn to the cords' });
    expect(await finish(opened)).toMatchObject({ ok: true, instance: { status: 'completed', flagged: 1 } });
    await closeInstance(opened);
  });
});

describe('answering a response part on two devices', () => {
  it('R30 R3 two tablets answering the same item offline keep both answers visible as a conflict', () => {
    const one = new InstanceDoc(new Y.Doc(), { device: 'tablet-1', by: 'ann', now: () => 1_000 });
    const two = new InstanceDoc(new Y.Doc(), { device: 'tablet-2', by: 'bo', now: () => 2_000 });
    one.setValue('tyres', 'pass');
    two.setValue('tyres', 'fail');
    Y.applyUpdate(one.doc, Y.encodeStateAsUpdate(two.doc));
    Y.applyUpdate(two.doc, Y.encodeStateAsUpdate(one.doc));
    for (const model of [one, two]) {
      expect(model.read('v:tyres')).toBe('fail');
      expect(model.conflicts('v:tyres').map((e) => e.value)).toEqual(['pass']);
      // The projection sees the answer in effect: flagged until someone settles it.
      expect(projectInstance(instanceOf(preTrip), preTrip.definition, model.snapshot(), 3_000).flagged).toBe(1);
    }
  });
});

describe('hidden parts', () => {
  it('R30 R33 R34 a hidden item answered Fail is kept but neither flagged, scored nor asked for a note', () => {
    const base = preTrip.definition;
    const section = base.sections[0];
    if (section === undefined) throw new Error('fixture');
    const hidden: ChecklistDefinition = {
      ...base,
      sections: [{ ...section, items: section.items.map((i) => (i.id === 'tyres' ? { ...i, visibleWhen: { op: 'eq', args: [{ ref: 'vehicle' }, { lit: 'Truck' }] } } : i)) }],
    };
    const values = { vehicle: 'Ute 14', tyres: 'fail', lights: 'pass' };
    const row = projectInstance(instanceOf(preTrip), hidden, snap(values), 500);
    // Lights (weight 2) passed; the hidden tyres count for nothing.
    expect(row.score).toEqual({ got: 2, max: 2 });
    expect(row.flagged).toBeUndefined();
    expect(finishInstance(instanceOf(preTrip), hidden, snap(values), 900)).toMatchObject({ ok: true });
    expect(projectInstance(instanceOf(preTrip), hidden, snap({ ...values, vehicle: 'Truck' }), 500)).toMatchObject({ flagged: 1 });
  });
});

describe('run name from a calculated value', () => {
  it('R31 a placeholder naming a calculated field reads its value (derived on read, never written)', () => {
    const base = preTrip.definition;
    const calculatedName: ChecklistDefinition = {
      ...base,
      titleTemplate: '{label}',
      fields: [...(base.fields ?? []), { id: 'label', label: 'Label', kind: 'text', required: false, calculate: { op: 'concat', args: [{ lit: 'Unit ' }, { ref: 'vehicle' }] } }],
    };
    expect(projectInstance(instanceOf(preTrip), calculatedName, snap({ vehicle: '14' }), 500).name).toBe('Unit 14');
  });
});
