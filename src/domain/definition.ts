import { z } from 'zod';
import { fieldIdSchema, fieldSchema } from './field';
import type { Field } from './field';
import { conditionalShape, repeatSchema } from './logic/expr';
import { checkLogic } from './logic/check';
import type { LogicPart, ValueType } from './logic/types';
import { stepValueKey } from './snapshot';
import { answerablePartShape, responseSetById, responseSetSchema } from './responses';

export const CONTENT_TYPES = ['procedure', 'checklist', 'form'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];
export const contentTypeSchema = z.enum(CONTENT_TYPES);

const partId = fieldIdSchema;

/** Ids must be unique within a definition: they key the completion data. */
function uniqueIds(ids: readonly string[], path: (string | number)[], ctx: z.RefinementCtx, what: string): void {
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [...path, index, 'id'], message: `duplicate ${what} id "${id}"` });
    seen.add(id);
  });
}

/** What every definition may carry besides its parts: its own response sets, scoring, a run-name template. */
const definitionExtras = {
  /** Response sets defined by the author, used by id next to the built-in ones (`responses.ts`). */
  responseSets: z.array(responseSetSchema).max(20).optional(),
  /** Score answers (per response, weighted per part) and show the run's score. */
  scoring: z.boolean().optional(),
  /** How a run names itself from its answers: `{asset} — {site}`; `{key}` is an answer key. */
  titleTemplate: z.string().max(200).optional(),
};

/** Each `responses` must name a set the definition can use. */
function checkResponseRefs(
  sets: readonly z.infer<typeof responseSetSchema>[] | undefined,
  parts: readonly { readonly responses?: string | undefined; readonly path: (string | number)[] }[],
  ctx: z.RefinementCtx,
): void {
  uniqueIds((sets ?? []).map((s) => s.id), ['responseSets'], ctx, 'response set');
  for (const part of parts) {
    if (part.responses !== undefined && responseSetById(sets, part.responses) === undefined) {
      ctx.addIssue({ code: 'custom', path: [...part.path, 'responses'], message: `no response set "${part.responses}"` });
    }
  }
}

/** Problems the logic checker finds (unknown references, type errors, cycles), as zod issues. */
function checkRules(contentType: ContentType, def: Definition, ctx: z.RefinementCtx): void {
  for (const issue of checkLogic(logicPartsOf(contentType, def))) ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message });
}

export const stepSchema = z.object({
  id: partId,
  title: z.string().min(1).max(300),
  body: z.string().max(10_000).optional(),
  required: z.boolean(),
  fields: z.array(fieldSchema).max(50).optional(),
  ...answerablePartShape,
  ...conditionalShape,
  /** The step's fields repeat: the user adds rows (one per defect, per person). */
  repeat: repeatSchema.optional(),
});
export type Step = z.infer<typeof stepSchema>;

export const procedureDefinitionSchema = z
  .object({ steps: z.array(stepSchema).min(1).max(500), ...definitionExtras })
  .superRefine((def, ctx) => {
    uniqueIds(def.steps.map((s) => s.id), ['steps'], ctx, 'step');
    def.steps.forEach((step, i) => uniqueIds((step.fields ?? []).map((f) => f.id), ['steps', i, 'fields'], ctx, 'field'));
    checkResponseRefs(def.responseSets, def.steps.map((s, i) => ({ responses: s.responses, path: ['steps', i] })), ctx);
    checkRules('procedure', def, ctx);
  });
export type ProcedureDefinition = z.infer<typeof procedureDefinitionSchema>;

export const checklistItemSchema = z.object({
  id: partId,
  label: z.string().min(1).max(500),
  required: z.boolean(),
  ...answerablePartShape,
  ...conditionalShape,
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const checklistSectionSchema = z.object({
  id: partId,
  title: z.string().min(1).max(300),
  items: z.array(checklistItemSchema).min(1).max(500),
  visibleWhen: conditionalShape.visibleWhen,
});
export type ChecklistSection = z.infer<typeof checklistSectionSchema>;

export const checklistDefinitionSchema = z
  .object({
    /** Answers asked before the items (vehicle, odometer): what the run is about. */
    fields: z.array(fieldSchema).max(50).optional(),
    sections: z.array(checklistSectionSchema).min(1).max(100),
    ...definitionExtras,
  })
  .superRefine((def, ctx) => {
    uniqueIds(def.sections.map((s) => s.id), ['sections'], ctx, 'section');
    uniqueIds((def.fields ?? []).map((f) => f.id), ['fields'], ctx, 'field');
    const seen = new Set<string>((def.fields ?? []).map((f) => f.id));
    def.sections.forEach((section, si) =>
      section.items.forEach((item, ii) => {
        if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: ['sections', si, 'items', ii, 'id'], message: `duplicate item id "${item.id}"` });
        seen.add(item.id);
      }),
    );
    checkResponseRefs(
      def.responseSets,
      def.sections.flatMap((s, si) => s.items.map((item, ii) => ({ responses: item.responses, path: ['sections', si, 'items', ii] }))),
      ctx,
    );
    checkRules('checklist', def, ctx);
  });
export type ChecklistDefinition = z.infer<typeof checklistDefinitionSchema>;

/** A page of a long form; with `repeat` its fields are a repeat group (rows added on the device). */
export const formSectionSchema = z.object({
  id: partId,
  title: z.string().min(1).max(300),
  description: z.string().max(2000).optional(),
  fields: z.array(fieldSchema).min(1).max(200),
  visibleWhen: conditionalShape.visibleWhen,
  repeat: repeatSchema.optional(),
});
export type FormSection = z.infer<typeof formSectionSchema>;

/** Every field of a form: the top-level ones, then each section's (repeat sections included). */
export function formFields(def: FormDefinition): Field[] {
  return [...def.fields, ...(def.sections ?? []).flatMap((s) => s.fields)];
}

export const formDefinitionSchema = z
  .object({
    /** Fields before any section (a form written before sections has only these). */
    fields: z.array(fieldSchema).max(500),
    sections: z.array(formSectionSchema).max(50).optional(),
    ...definitionExtras,
  })
  .superRefine((def, ctx) => {
    uniqueIds(def.fields.map((f) => f.id), ['fields'], ctx, 'field');
    if (def.fields.length === 0 && (def.sections ?? []).length === 0) {
      ctx.addIssue({ code: 'too_small', origin: 'array', minimum: 1, inclusive: true, path: ['fields'], message: 'a form needs at least one field' });
    }
    uniqueIds((def.sections ?? []).map((s) => s.id), ['sections'], ctx, 'section');
    const seen = new Set<string>(def.fields.map((f) => f.id));
    (def.sections ?? []).forEach((section, si) =>
      section.fields.forEach((field, fi) => {
        if (seen.has(field.id)) ctx.addIssue({ code: 'custom', path: ['sections', si, 'fields', fi, 'id'], message: `duplicate field id "${field.id}"` });
        seen.add(field.id);
      }),
    );
    checkResponseRefs(def.responseSets, [], ctx);
    checkRules('form', def, ctx);
  });
export type FormDefinition = z.infer<typeof formDefinitionSchema>;

export type Definition = ProcedureDefinition | ChecklistDefinition | FormDefinition;

export type DefinitionFor<T extends ContentType> = T extends 'procedure'
  ? ProcedureDefinition
  : T extends 'checklist'
    ? ChecklistDefinition
    : FormDefinition;

export const definitionSchemaFor = {
  procedure: procedureDefinitionSchema,
  checklist: checklistDefinitionSchema,
  form: formDefinitionSchema,
} as const;

/** A definition tagged with its content type, the shape a version carries. */
export const typedDefinitionSchema = z.discriminatedUnion('contentType', [
  z.object({ contentType: z.literal('procedure'), definition: procedureDefinitionSchema }),
  z.object({ contentType: z.literal('checklist'), definition: checklistDefinitionSchema }),
  z.object({ contentType: z.literal('form'), definition: formDefinitionSchema }),
]);
export type TypedDefinition = z.infer<typeof typedDefinitionSchema>;

const FIELD_VALUE_TYPE = { text: 'text', textarea: 'text', number: 'number', date: 'date', select: 'choice', multiselect: 'list', checkbox: 'boolean', photo: 'number', file: 'number', signature: 'number', location: 'number' } as const satisfies Record<Field['kind'], ValueType>;

function fieldPart(field: Field, key: string, path: (string | number)[], parent?: string, group?: string): LogicPart {
  return {
    key,
    kind: 'field',
    path,
    label: field.label,
    valueType: FIELD_VALUE_TYPE[field.kind],
    ...(field.options === undefined ? {} : { options: field.options }),
    ...(parent === undefined ? {} : { parent }),
    ...(group === undefined ? {} : { group }),
    required: field.required,
    ...pick(field, ['visibleWhen', 'requiredWhen', 'constraints', 'calculate', 'default']),
  };
}

/** The keys of `from` that are set, for spreading into a part under exactOptionalPropertyTypes. */
function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): { [P in K]?: Exclude<T[P], undefined> } {
  const out: { [P in K]?: Exclude<T[P], undefined> } = {};
  for (const key of keys) if (from[key] !== undefined) out[key] = from[key] as Exclude<T[K], undefined>;
  return out;
}

/** A step's or item's answer type: its response ids, or a tick. */
function answerPart(def: Definition, part: ChecklistItem | Step): Pick<LogicPart, 'valueType' | 'options'> {
  if (part.responses === undefined) return { valueType: 'boolean' };
  const set = responseSetById(def.responseSets, part.responses);
  return { valueType: 'choice', options: (set?.responses ?? []).map((r) => r.id) };
}

/**
 * Every part of a definition as the logic engine sees it (`logic/types.ts`), in definition
 * order: what rules can refer to and what carries rules.
 */
export function logicPartsOf(contentType: ContentType, def: Definition): LogicPart[] {
  const parts: LogicPart[] = [];
  switch (contentType) {
    case 'procedure':
      (def as ProcedureDefinition).steps.forEach((step, si) => {
        const path = ['steps', si];
        parts.push({ key: step.id, kind: 'step', path, label: step.title, ...answerPart(def, step), required: step.required, ...pick(step, ['visibleWhen', 'requiredWhen', 'repeat']) });
        const group = step.repeat === undefined ? undefined : step.id;
        (step.fields ?? []).forEach((f, fi) => parts.push(fieldPart(f, stepValueKey(step.id, f.id), [...path, 'fields', fi], step.id, group)));
      });
      break;
    case 'checklist': {
      const checklist = def as ChecklistDefinition;
      (checklist.fields ?? []).forEach((f, fi) => parts.push(fieldPart(f, f.id, ['fields', fi])));
      checklist.sections.forEach((section, si) => {
        const path = ['sections', si];
        parts.push({ key: section.id, kind: 'section', path, label: section.title, valueType: 'none', required: false, ...pick(section, ['visibleWhen']) });
        section.items.forEach((item, ii) =>
          parts.push({ key: item.id, kind: 'item', path: [...path, 'items', ii], label: item.label, ...answerPart(def, item), parent: section.id, required: item.required, ...pick(item, ['visibleWhen', 'requiredWhen']) }),
        );
      });
      break;
    }
    case 'form': {
      const form = def as FormDefinition;
      form.fields.forEach((f, fi) => parts.push(fieldPart(f, f.id, ['fields', fi])));
      (form.sections ?? []).forEach((section, si) => {
        const path = ['sections', si];
        parts.push({ key: section.id, kind: 'section', path, label: section.title, valueType: 'none', required: false, ...pick(section, ['visibleWhen', 'repeat']) });
        const group = section.repeat === undefined ? undefined : section.id;
        section.fields.forEach((f, fi) => parts.push(fieldPart(f, group === undefined ? f.id : `${group}.${f.id}`, [...path, 'fields', fi], section.id, group)));
      });
      break;
    }
  }
  return parts;
}
