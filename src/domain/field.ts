import { z } from 'zod';
import { fieldLogicShape } from './logic/expr';

export const FIELD_KINDS = ['text', 'textarea', 'number', 'date', 'select', 'multiselect', 'checkbox', 'photo', 'file', 'signature', 'location'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/**
 * Evidence kinds: their answers are not register values but entries of the run's evidence map
 * (completion SPEC R40). Everything that reads answers sees the number of live entries (photos,
 * files; 1 for a signature or a location), so required, min/max, progress and rules work as
 * for a number.
 */
export const EVIDENCE_KINDS = ['photo', 'file', 'signature', 'location'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const isEvidenceKind = (kind: FieldKind): kind is EvidenceKind => (EVIDENCE_KINDS as readonly string[]).includes(kind);

/** A MIME type or a family (`image/*`), lowercase. */
const mimeTypeSchema = z.string().max(100).regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/(?:\*|[a-z0-9][a-z0-9!#$&^_.+-]*)$/, 'a MIME type such as application/pdf or image/*');

/**
 * What a number's min/max does with a reading outside it: `warn` (the default, and what every
 * definition written before this setting means) records the reading and flags it; `block`
 * refuses it. A real 18 % oxygen reading must be recordable, so limits warn unless the author
 * says otherwise.
 */
export const FIELD_LIMITS = ['warn', 'block'] as const;
export type FieldLimits = (typeof FIELD_LIMITS)[number];

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
    /** Shown instead of "does not match the expected format" when the pattern fails. */
    patternMessage: z.string().max(200).optional(),
    /** An answer that matches, shown beside the pattern's message ("e.g. CV-1042"). */
    patternExample: z.string().max(100).optional(),
    /** Numbers only; absent means `warn`. */
    limits: z.enum(FIELD_LIMITS).optional(),
    options: z.array(z.string().min(1).max(200)).max(200).optional(),
    help: z.string().max(1000).optional(),
    /** Photos: the camera only, no gallery (tablets with a camera). */
    cameraOnly: z.boolean().optional(),
    /** Photos: the long edge a photo is downscaled to, in pixels (default 2048). */
    longEdge: z.number().int().min(320).max(8192).optional(),
    /** Files: the types accepted (default: PDF and images). */
    accept: z.array(mimeTypeSchema).min(1).max(20).optional(),
    /** Files: the largest file accepted, in bytes (the relay's own cap still applies). */
    maxBytes: z.number().int().min(1).max(1024 * 1024 * 1024).optional(),
    /** Locations: warn when the best fix is less accurate than this, in metres. */
    accuracyLimit: z.number().min(1).max(100_000).optional(),
    /** Show when / required when / constraints / calculation / default (logic/expr.ts). */
    ...fieldLogicShape,
  })
  .superRefine((field, ctx) => {
    if ((field.kind === 'select' || field.kind === 'multiselect') && (field.options?.length ?? 0) === 0) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${field.kind} field needs at least one option` });
    }
    if (field.options && new Set(field.options).size !== field.options.length) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'each option must be different' });
    }
    if (isEvidenceKind(field.kind) && (field.calculate !== undefined || field.default !== undefined)) {
      ctx.addIssue({ code: 'custom', path: [field.calculate !== undefined ? 'calculate' : 'default'], message: `a ${field.kind} is captured on the device, it cannot be calculated or have a default` });
    }
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      ctx.addIssue({ code: 'custom', path: ['min'], message: 'the minimum must not be more than the maximum' });
    }
    if (field.pattern !== undefined) {
      try {
        new RegExp(field.pattern, 'u');
      } catch {
        ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'the pattern is not a valid regular expression' });
      }
    }
  });
export type Field = z.infer<typeof fieldSchema>;

export { fieldIdSchema };
