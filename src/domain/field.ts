import { z } from 'zod';

export const FIELD_KINDS = ['text', 'textarea', 'number', 'date', 'select', 'multiselect', 'checkbox'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

const fieldIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');

export const fieldSchema = z
  .object({
    id: fieldIdSchema,
    label: z.string().min(1).max(200),
    kind: z.enum(FIELD_KINDS),
    required: z.boolean(),
    min: z.number().optional(),
    max: z.number().optional(),
    pattern: z.string().max(500).optional(),
    options: z.array(z.string().min(1).max(200)).max(200).optional(),
    help: z.string().max(1000).optional(),
  })
  .superRefine((field, ctx) => {
    if ((field.kind === 'select' || field.kind === 'multiselect') && (field.options?.length ?? 0) === 0) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${field.kind} field needs at least one option` });
    }
    if (field.options && new Set(field.options).size !== field.options.length) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'options must be distinct' });
    }
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      ctx.addIssue({ code: 'custom', path: ['min'], message: 'min must not exceed max' });
    }
    if (field.pattern !== undefined) {
      try {
        new RegExp(field.pattern, 'u');
      } catch {
        ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'pattern is not a valid regular expression' });
      }
    }
  });
export type Field = z.infer<typeof fieldSchema>;

export { fieldIdSchema };
