import { z } from 'zod';
import { fieldIdSchema, fieldSchema } from './field';

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

export const stepSchema = z.object({
  id: partId,
  title: z.string().min(1).max(300),
  body: z.string().max(10_000).optional(),
  required: z.boolean(),
  fields: z.array(fieldSchema).max(50).optional(),
});
export type Step = z.infer<typeof stepSchema>;

export const procedureDefinitionSchema = z
  .object({ steps: z.array(stepSchema).min(1).max(500) })
  .superRefine((def, ctx) => {
    uniqueIds(def.steps.map((s) => s.id), ['steps'], ctx, 'step');
    def.steps.forEach((step, i) => uniqueIds((step.fields ?? []).map((f) => f.id), ['steps', i, 'fields'], ctx, 'field'));
  });
export type ProcedureDefinition = z.infer<typeof procedureDefinitionSchema>;

export const checklistItemSchema = z.object({ id: partId, label: z.string().min(1).max(500), required: z.boolean() });
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const checklistSectionSchema = z.object({
  id: partId,
  title: z.string().min(1).max(300),
  items: z.array(checklistItemSchema).min(1).max(500),
});
export type ChecklistSection = z.infer<typeof checklistSectionSchema>;

export const checklistDefinitionSchema = z
  .object({ sections: z.array(checklistSectionSchema).min(1).max(100) })
  .superRefine((def, ctx) => {
    uniqueIds(def.sections.map((s) => s.id), ['sections'], ctx, 'section');
    const seen = new Set<string>();
    def.sections.forEach((section, si) =>
      section.items.forEach((item, ii) => {
        if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: ['sections', si, 'items', ii, 'id'], message: `duplicate item id "${item.id}"` });
        seen.add(item.id);
      }),
    );
  });
export type ChecklistDefinition = z.infer<typeof checklistDefinitionSchema>;

export const formDefinitionSchema = z
  .object({ fields: z.array(fieldSchema).min(1).max(500) })
  .superRefine((def, ctx) => uniqueIds(def.fields.map((f) => f.id), ['fields'], ctx, 'field'));
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
