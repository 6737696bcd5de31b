import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkRun, definitionSchemaFor, fileRefSchema, rowValueKey } from '../domain';
import type { EvidenceItem, FileRef, FormDefinition } from '../domain';
import { evidenceMapName } from './evidence';
import { InstanceDoc, ReadOnlyError } from './instance-doc';
import type { Slot } from './register';
import { InvalidKeyError } from './register';
import { syncAll } from './test-support';

const hash = (n: number): string => n.toString(16).padStart(64, '0');

const fileOf = (n: number, by = 'user-a'): FileRef => ({ sha256: hash(n), thumb: hash(n + 1000), mime: 'image/jpeg', size: 200_000 + n, w: 2048, h: 1536, capturedAt: 1_700_000_000_000 + n, by });
const photo = (n: number, by = 'user-a'): EvidenceItem => ({ kind: 'file', file: fileOf(n, by) });

const fix = (lat: number, manual = false): EvidenceItem => ({ kind: 'location', fix: { lat, lon: 151.2, accuracy: 4, fixAt: 1000, capturedAt: 1001, manual } });

function peer(device: string, start: number): { doc: Y.Doc; model: InstanceDoc; clock: { t: number } } {
  const doc = new Y.Doc();
  const clock = { t: start };
  return { doc, model: new InstanceDoc(doc, { device, by: `user-${device}`, now: () => clock.t }), clock };
}

const live = (model: InstanceDoc, key: string): string[] => model.evidence(key).filter((e) => e.removed === undefined).map((e) => e.id);

/** A site inspection: two to four photos of the damage, a signature, the place. */
const inspection: FormDefinition = definitionSchemaFor.form.parse({
  fields: [
    { id: 'damage', label: 'Photos of the damage', kind: 'photo', required: true, min: 2, max: 4, longEdge: 1600 },
    { id: 'permit', label: 'Permit', kind: 'file', required: false, accept: ['application/pdf'], maxBytes: 5_000_000 },
    { id: 'signoff', label: 'Supervisor signature', kind: 'signature', required: true },
    { id: 'where', label: 'Location', kind: 'location', required: true, accuracyLimit: 20 },
  ],
});

describe('evidence (SPEC R40–R44)', () => {
  it('R40 R41 photos added on two tablets offline are all kept after the merge, on both, in one order', () => {
    const a = peer('device-a', 1000);
    const b = peer('device-b', 1000);
    a.model.addEvidence('damage', photo(1));
    a.clock.t = 1002;
    a.model.addEvidence('damage', photo(2));
    b.clock.t = 1001;
    b.model.addEvidence('damage', photo(3, 'user-b'));
    syncAll([a.doc, b.doc]);
    expect(live(a.model, 'damage')).toEqual([hash(1), hash(3), hash(2)]);
    expect(live(b.model, 'damage')).toEqual(live(a.model, 'damage'));
    expect(a.model.snapshot().values).toEqual({ damage: 3 });
    expect(b.model.evidence('damage').find((e) => e.id === hash(3))).toMatchObject({ by: 'user-device-b', at: 1001 });
  });

  it('R41 the same bytes attached twice are one entry; R42 removing keeps the reference and adding again brings it back', () => {
    const a = peer('device-a', 1000);
    expect(a.model.addEvidence('damage', photo(1))).toBe(hash(1));
    a.model.addEvidence('damage', photo(1));
    expect(a.model.evidence('damage')).toHaveLength(1);
    a.clock.t = 2000;
    a.model.removeEvidence('damage', hash(1));
    expect(a.model.evidence('damage')[0]).toMatchObject({ id: hash(1), removed: { by: 'user-device-a', at: 2000 } });
    expect(a.model.snapshot().values).toEqual({});
    a.model.addEvidence('damage', photo(1));
    expect(live(a.model, 'damage')).toEqual([hash(1)]);
    expect(() => a.model.removeEvidence('damage', hash(9))).toThrow(InvalidKeyError);
  });

  it('R42 a photo removed on one tablet while another adds one: the removal and the new photo both survive', () => {
    const a = peer('device-a', 1000);
    const b = peer('device-b', 1000);
    a.model.addEvidence('damage', photo(1));
    syncAll([a.doc, b.doc]);
    a.model.removeEvidence('damage', hash(1));
    b.model.addEvidence('damage', photo(2, 'user-b'));
    syncAll([a.doc, b.doc]);
    expect(live(a.model, 'damage')).toEqual([hash(2)]);
    expect(live(b.model, 'damage')).toEqual([hash(2)]);
    expect(a.model.evidence('damage').map((e) => e.id)).toEqual([hash(1), hash(2)]);
  });

  it('R41 a new location replaces the one this device saw; two tablets recording offline keep both until one records again', () => {
    const a = peer('device-a', 1000);
    const b = peer('device-b', 1000);
    a.model.addEvidence('where', fix(-33.8));
    a.clock.t = 1100;
    a.model.addEvidence('where', fix(-33.9));
    expect(live(a.model, 'where')).toHaveLength(1);
    expect(a.model.evidence('where').filter((e) => e.removed !== undefined)).toHaveLength(1);
    b.clock.t = 1200;
    b.model.addEvidence('where', fix(-34.0, true));
    syncAll([a.doc, b.doc]);
    expect(live(a.model, 'where')).toHaveLength(2);
    a.clock.t = 1300;
    a.model.addEvidence('where', fix(-33.85));
    syncAll([a.doc, b.doc]);
    const [only] = b.model.evidence('where').filter((e) => e.removed === undefined);
    expect(only?.item).toMatchObject({ kind: 'location', fix: { lat: -33.85, manual: false } });
  });

  it('R43 required, min and max count live photos; a signature and a location are required like answers', () => {
    const a = peer('device-a', 1000);
    const problems = (): Record<string, string> => checkRun('form', inspection, a.model.snapshot()).errors;
    expect(problems()).toEqual({ damage: 'add a photo', signoff: 'needs a signature', where: 'record the location' });
    a.model.addEvidence('damage', photo(1));
    expect(problems()['damage']).toBe('add at least 2 photos');
    for (const n of [2, 3, 4, 5]) a.model.addEvidence('damage', photo(n));
    expect(problems()['damage']).toBe('keep at most 4 photos');
    a.model.removeEvidence('damage', hash(5));
    a.model.addEvidence('where', fix(-33.8));
    expect(problems()).toEqual({ signoff: 'needs a signature' });
    // Progress counts every field, the optional file too: photos and location done.
    expect(checkRun('form', inspection, a.model.snapshot()).progress).toMatchObject({ done: 2, total: 4 });
  });

  it('R43 a register value written on an evidence field by a peer does not count as evidence', () => {
    const a = peer('device-a', 1000);
    a.model.addEvidence('damage', photo(1));
    a.model.setValue('damage', 99);
    expect(a.model.snapshot().values).toEqual({ damage: 1 });
    a.model.removeEvidence('damage', hash(1));
    expect(a.model.snapshot().values).toEqual({});
  });

  it('R43 observers hear evidence changes as the field value slot, local and from a peer; a row field has its own', () => {
    const a = peer('device-a', 1000);
    const b = peer('device-b', 1000);
    const heard: [string[], boolean][] = [];
    a.model.observe((slots, local) => heard.push([[...slots], local]));
    const rowKey = rowValueKey('defects', 'AAAAAAAAAA', 'photo');
    a.model.addEvidence(rowKey, photo(1));
    b.model.addEvidence('damage', photo(2));
    syncAll([a.doc, b.doc]);
    expect(heard).toEqual([
      [[`v:${rowKey}` satisfies Slot], true],
      [['v:damage'], false],
    ]);
    expect(a.model.snapshot().values).toEqual({ [rowKey]: 1, damage: 1 });
  });

  it('R10 a finished run refuses evidence writes and changes nothing', () => {
    const a = peer('device-a', 1000);
    a.model.setReadOnly(true);
    expect(() => a.model.addEvidence('damage', photo(1))).toThrow(ReadOnlyError);
    expect(a.doc.share.has(evidenceMapName('damage'))).toBe(false);
  });

  it('R44 hostile entries are skipped, never thrown: wrong ids, a hash that is not the file, bad refs, nested types, another type under the name', () => {
    const a = peer('device-a', 1000);
    a.model.addEvidence('damage', photo(1));
    const evil = new Y.Doc();
    const map = evil.getMap<unknown>(evidenceMapName('damage'));
    const good = { item: photo(7), by: 'x', at: 5 };
    map.set(hash(8), good);
    map.set('__proto__', good);
    map.set(hash(9), { item: { kind: 'file', file: { ...fileOf(9), sha256: 'NOT-HEX' } }, by: 'x', at: 5 });
    map.set(hash(10), { item: { kind: 'file', file: { ...fileOf(10), size: -1 } }, by: 'x', at: 5 });
    map.set(hash(11), { item: photo(11), by: '', at: 5 });
    map.set(hash(12), new Y.Map());
    map.set('ABCDEFGHIJ', { item: { kind: 'location', fix: { lat: 200, lon: 0, accuracy: 1, fixAt: 1, capturedAt: 1, manual: false } }, by: 'x', at: 5 });
    evil.getArray(evidenceMapName('where')).push([1]);
    syncAll([a.doc, evil]);
    expect(live(a.model, 'damage')).toEqual([hash(1)]);
    expect(a.model.evidence('where')).toEqual([]);
    expect(a.model.snapshot().values).toEqual({ damage: 1 });
    // The array a peer made under the field's name is read as a map: its items are not entries.
    a.model.addEvidence('where', fix(1));
    expect(live(a.model, 'where')).toHaveLength(1);
    expect(fileRefSchema.safeParse({ ...fileOf(1), mime: 'text/html; x=<script>' }).success).toBe(false);
  });

  it('publishing refuses a calculated or defaulted photo and keeps each kind\u2019s own capture settings only', () => {
    const bad = definitionSchemaFor.form.safeParse({ fields: [{ id: 'p', label: 'Photo', kind: 'photo', required: false, default: { lit: 1 } }] });
    expect(bad.success).toBe(false);
    expect(inspection.fields[0]).toMatchObject({ kind: 'photo', min: 2, max: 4, longEdge: 1600 });
    expect(inspection.fields[1]).toMatchObject({ accept: ['application/pdf'], maxBytes: 5_000_000 });
    expect(definitionSchemaFor.form.safeParse({ fields: [{ id: 'f', label: 'File', kind: 'file', required: false, accept: ['pdf'] }] }).success).toBe(false);
  });
});
