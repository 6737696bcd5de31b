import { describe, expect, it } from 'vitest';
import { activityEventSchema, activityIdFor, instanceSchema } from '../domain';
import type { CompletionSnapshot, ProcedureDefinition, SessionId } from '../domain';
import { checklistVersion, formVersion, INSTANCE, instanceOf, procedureVersion } from './fixtures';
import { abandonInstance, finishInstance, isReadOnly, projectInstance, startedEvent } from './projection';

const snap = (done: CompletionSnapshot['done'] = {}, values: CompletionSnapshot['values'] = {}): CompletionSnapshot => ({ done, values });

describe('projectInstance', () => {
  it('R11 the first edit moves not_started to in_progress with startedAt and progress', () => {
    const next = projectInstance(instanceOf(procedureVersion), procedureVersion.definition, snap({ s2: true }), 500);
    expect(next).toMatchObject({ status: 'in_progress', startedAt: 500, lastActivityAt: 500 });
    expect(next.progress).toBeCloseTo(1 / 3);
    expect(instanceSchema.safeParse(next).success).toBe(true);
  });

  it('R11 status never goes down and startedAt is kept when steps are unticked', () => {
    const started = instanceOf(procedureVersion, { status: 'in_progress', startedAt: 200, lastActivityAt: 300 });
    const next = projectInstance(started, procedureVersion.definition, snap({ s2: false }), 250);
    expect(next).toMatchObject({ status: 'in_progress', startedAt: 200, lastActivityAt: 300, progress: 0 });
  });

  it('R11 without any write the instance stays not_started', () => {
    const next = projectInstance(instanceOf(formVersion), formVersion.definition, snap(), 500);
    expect(next.status).toBe('not_started');
    expect(next.startedAt).toBeUndefined();
  });

  it('R11 a run whose only write is an added repeat row counts as started', () => {
    const next = projectInstance(instanceOf(formVersion), formVersion.definition, { done: {}, values: {}, rows: { defects: ['a0b1c2d3e4'] } }, 500);
    expect(next).toMatchObject({ status: 'in_progress', startedAt: 500 });
    expect(projectInstance(instanceOf(formVersion), formVersion.definition, { done: {}, values: {}, rows: { defects: [] } }, 500).status).toBe('not_started');
  });

  it('R10 R11 a finished instance is returned unchanged and is read-only', () => {
    const done = instanceOf(checklistVersion, { status: 'completed', completedAt: 400, startedAt: 300, lastActivityAt: 400, progress: 1 });
    expect(projectInstance(done, checklistVersion.definition, snap({ cones: false }), 900)).toBe(done);
    expect(isReadOnly(done)).toBe(true);
    expect(isReadOnly(instanceOf(checklistVersion))).toBe(false);
  });
});

describe('finishInstance', () => {
  it('R12 a required step not done blocks completion', () => {
    const result = finishInstance(instanceOf(procedureVersion), procedureVersion.definition, snap({ s1: true }, { 's1.temp': 20 }), 900);
    expect(result).toEqual({ ok: false, reason: 'required_missing', missing: ['s2'] });
  });

  it('R12 a done step with a reading past a hard limit blocks completion', () => {
    const hard: ProcedureDefinition = {
      steps: (procedureVersion.definition as ProcedureDefinition).steps.map((s) => ({ ...s, ...(s.fields ? { fields: s.fields.map((f) => ({ ...f, limits: 'block' as const })) } : {}) })),
    };
    const result = finishInstance(instanceOf(procedureVersion), hard, snap({ s1: true, s2: true }, { 's1.temp': 120 }), 900);
    expect(result).toMatchObject({ ok: false, reason: 'invalid_answers', errors: { 's1.temp': 'must be at most 90' } });
  });

  it('R12 R17 a reading past a warning limit completes, flagged on the finished event', () => {
    const result = finishInstance(instanceOf(procedureVersion), procedureVersion.definition, snap({ s1: true, s2: true }, { 's1.temp': 120 }), 900);
    if (!result.ok) throw new Error(result.reason);
    expect(result.events[0]?.metadata).toEqual({ flagged: 1, flaggedReadings: 'Isolate › Temperature: 120 (above the expected range 0–90)' });
    expect(activityEventSchema.safeParse(result.events[0]).success).toBe(true);
  });

  it('R12 R13 a procedure with every required step done completes and records one deterministic event', () => {
    const started = instanceOf(procedureVersion, { status: 'in_progress', startedAt: 200, lastActivityAt: 300 });
    const result = finishInstance(started, procedureVersion.definition, snap({ s1: true, s2: true }, { 's1.temp': 40 }), 900);
    if (!result.ok) throw new Error(result.reason);
    expect(result.instance).toMatchObject({ status: 'completed', completedAt: 900, startedAt: 200, lastActivityAt: 900 });
    expect(result.events).toEqual([
      {
        id: activityIdFor('procedure_completed', INSTANCE),
        type: 'procedure_completed',
        userId: started.userId,
        documentId: started.sourceDocumentId,
        instanceId: INSTANCE,
        title: 'Pump procedure',
        createdAt: 900,
      },
    ]);
    expect(activityEventSchema.safeParse(result.events[0]).success).toBe(true);
  });

  it('R12 a checklist completes once its required items are done', () => {
    expect(finishInstance(instanceOf(checklistVersion), checklistVersion.definition, snap({ sign: true }), 900)).toMatchObject({ ok: false, missing: ['cones'] });
    expect(finishInstance(instanceOf(checklistVersion), checklistVersion.definition, snap({ cones: true }), 900)).toMatchObject({
      ok: true,
      instance: { status: 'completed', startedAt: 900 },
    });
  });

  it('R12 form validation blocks submit; valid answers submit', () => {
    const form = instanceOf(formVersion);
    expect(finishInstance(form, formVersion.definition, snap({}, { count: 3 }), 900)).toEqual({ ok: false, reason: 'invalid_answers', errors: { name: 'required' } });
    expect(finishInstance(form, formVersion.definition, snap({}, { name: 'Ana', count: 'eleven' }), 900)).toMatchObject({ ok: false, errors: { count: 'must be a number' } });
    // A reading past a warning limit submits, flagged.
    expect(finishInstance(form, formVersion.definition, snap({}, { name: 'Ana', count: 11 }), 900)).toMatchObject({ ok: true, events: [{ metadata: { flagged: 1 } }] });
    const result = finishInstance(form, formVersion.definition, snap({}, { name: 'Ana' }), 900);
    expect(result).toMatchObject({ ok: true, instance: { status: 'submitted', submittedAt: 900 }, events: [{ type: 'form_submitted' }] });
  });

  it('R10 R12 a finished instance cannot be finished again', () => {
    const done = instanceOf(formVersion, { status: 'submitted', submittedAt: 5, lastActivityAt: 5 });
    expect(finishInstance(done, formVersion.definition, snap({}, { name: 'x' }), 900)).toEqual({ ok: false, reason: 'already_finished' });
  });

  it('R13 events of an anonymous recipient carry the sessionId only', () => {
    const sessionId = '9a9a9a9a-1111-4222-8333-444444444444' as SessionId;
    const anonymous = instanceOf(formVersion, { sessionId });
    delete anonymous.userId;
    const event = startedEvent(anonymous, 100);
    expect(event).toMatchObject({ type: 'form_started', sessionId, id: activityIdFor('form_started', INSTANCE) });
    expect('userId' in event).toBe(false);
  });
});

describe('abandonInstance', () => {
  it('R18 abandons an open run with its reason and one deterministic run_abandoned event', () => {
    const started = instanceOf(procedureVersion, { status: 'in_progress', startedAt: 200, lastActivityAt: 300 });
    const result = abandonInstance(started, '  Started by mistake ', 900);
    if (!result.ok) throw new Error(result.reason);
    expect(result.instance).toMatchObject({ status: 'abandoned', abandonedAt: 900, abandonReason: 'Started by mistake', lastActivityAt: 900 });
    expect(isReadOnly(result.instance)).toBe(true);
    expect(instanceSchema.safeParse(result.instance).success).toBe(true);
    expect(result.events).toEqual([
      expect.objectContaining({ id: activityIdFor('run_abandoned', INSTANCE), type: 'run_abandoned', createdAt: 900, metadata: { reason: 'Started by mistake' } }),
    ]);
    expect(activityEventSchema.safeParse(result.events[0]).success).toBe(true);
  });

  it('R18 needs a reason and refuses a finished run', () => {
    expect(abandonInstance(instanceOf(procedureVersion), '   ', 900)).toEqual({ ok: false, reason: 'reason_missing' });
    expect(abandonInstance(instanceOf(procedureVersion, { status: 'completed', completedAt: 5 }), 'x', 900)).toEqual({ ok: false, reason: 'already_finished' });
    expect(abandonInstance(instanceOf(procedureVersion, { status: 'abandoned', abandonedAt: 5, abandonReason: 'x' }), 'y', 900)).toEqual({ ok: false, reason: 'already_finished' });
  });

  it('R12 an abandoned run cannot be completed on this device', () => {
    const abandoned = instanceOf(procedureVersion, { status: 'abandoned', abandonedAt: 5, abandonReason: 'x' });
    expect(finishInstance(abandoned, procedureVersion.definition, snap({ s1: true, s2: true }, { 's1.temp': 4 }), 900)).toEqual({ ok: false, reason: 'already_finished' });
  });
});
