import { z } from 'zod';
import type { EvidenceKind, Field } from './field';

/** The value one field holds: text/textarea/date/select are strings, multiselect a list. */
export const answerValueSchema = z.union([z.string().max(10_000), z.number(), z.boolean(), z.array(z.string().max(200)).max(200), z.null()]);
export type AnswerValue = z.infer<typeof answerValueSchema>;
export type Answers = Readonly<Record<string, AnswerValue | undefined>>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `Date.parse` rolls impossible days over (2024-02-30 parses as 1 March), so check the round trip. */
function isRealDate(text: string): boolean {
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}

/** Empty means "not answered": required fields reject it, optional fields accept it. */
export function isEmptyAnswer(value: AnswerValue | undefined): boolean {
  return value === undefined || value === null || value === '' || value === false || (Array.isArray(value) && value.length === 0);
}

/** What a failed pattern says: the author's message, or the default, and the author's example. */
export function patternProblem(field: Pick<Field, 'patternMessage' | 'patternExample'>): string {
  const message = field.patternMessage?.trim() || 'does not match the expected format';
  const example = field.patternExample?.trim();
  return example ? `${message} (for example ${example})` : message;
}

/**
 * A number recorded outside its warning limits: the reading stands, and this says why it is
 * flagged ("below the expected range 19.5–23.5"). Undefined for any other field or value.
 */
export function rangeWarning(field: Field, value: AnswerValue | undefined): string | undefined {
  if (field.kind !== 'number' || field.limits === 'block' || typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const { min, max } = field;
  const below = min !== undefined && value < min;
  const above = max !== undefined && value > max;
  if (!below && !above) return undefined;
  if (min !== undefined && max !== undefined) return `${below ? 'below' : 'above'} the expected range ${min}–${max}`;
  return below ? `below the expected minimum ${min ?? ''}` : `above the expected maximum ${max ?? ''}`;
}

function valueSchemaFor(field: Field): z.ZodType<AnswerValue> {
  switch (field.kind) {
    case 'text':
    case 'textarea': {
      let s = z.string();
      if (field.min !== undefined) s = s.min(field.min, `at least ${field.min} characters`);
      if (field.max !== undefined) s = s.max(field.max, `at most ${field.max} characters`);
      if (field.pattern !== undefined) s = s.regex(new RegExp(`^(?:${field.pattern})$`, 'u'), patternProblem(field));
      return s;
    }
    case 'number': {
      let n = z.number({ error: 'must be a number' }).finite();
      // Warning limits never refuse a reading (rangeWarning flags it instead).
      if (field.limits !== 'block') return n;
      if (field.min !== undefined) n = n.min(field.min, `must be at least ${field.min}`);
      if (field.max !== undefined) n = n.max(field.max, `must be at most ${field.max}`);
      return n;
    }
    case 'date':
      return z
        .string()
        .regex(DATE, 'must be a date (YYYY-MM-DD)')
        .refine(isRealDate, 'must be a real date');
    case 'select':
      return z.enum((field.options ?? []) as [string, ...string[]], { error: 'choose one of the options' });
    case 'multiselect': {
      // Distinct choices, so a repeated option cannot satisfy `min`.
      let list = z
        .array(z.enum((field.options ?? []) as [string, ...string[]], { error: 'choose from the options' }))
        .refine((l) => new Set(l).size === l.length, 'choose each option once');
      if (field.min !== undefined) list = list.min(field.min, `choose at least ${field.min}`);
      if (field.max !== undefined) list = list.max(field.max, `choose at most ${field.max}`);
      return list;
    }
    case 'checkbox':
      return z.boolean();
    case 'photo':
    case 'file':
    case 'signature':
    case 'location': {
      // The number of live evidence entries (completion SPEC R40): min/max count them.
      let n = z.number().int().nonnegative();
      const noun = EVIDENCE_NOUN[field.kind];
      if (field.min !== undefined) n = n.min(field.min, `add at least ${field.min} ${field.min === 1 ? noun[0] : noun[1]}`);
      if (field.max !== undefined) n = n.max(field.max, `keep at most ${field.max} ${field.max === 1 ? noun[0] : noun[1]}`);
      return n;
    }
  }
}

const EVIDENCE_NOUN: Record<EvidenceKind, readonly [string, string]> = {
  photo: ['photo', 'photos'],
  file: ['file', 'files'],
  signature: ['signature', 'signatures'],
  location: ['location', 'locations'],
};

/** What a required field without an answer says. */
function requiredMessage(field: Field): string {
  switch (field.kind) {
    case 'checkbox':
      return 'must be ticked';
    case 'photo':
      return 'add a photo';
    case 'file':
      return 'attach a file';
    case 'signature':
      return 'needs a signature';
    case 'location':
      return 'record the location';
    default:
      return 'required';
  }
}

/**
 * A zod schema for a whole set of answers, built from the field definitions. Each field's
 * problems are reported at its id, so a form shows every error beside its field.
 */
export function answersSchema(fields: readonly Field[], keyOf: (field: Field) => string = (f) => f.id): z.ZodType<Answers> {
  return z.record(z.string(), z.unknown()).superRefine((answers, ctx) => {
    for (const field of fields) {
      const key = keyOf(field);
      const value = answers[key] as AnswerValue | undefined;
      if (isEmptyAnswer(value)) {
        if (field.required) ctx.addIssue({ code: 'custom', path: [key], message: requiredMessage(field) });
        continue;
      }
      const result = valueSchemaFor(field).safeParse(value);
      if (!result.success) {
        ctx.addIssue({ code: 'custom', path: [key], message: result.error.issues[0]?.message ?? 'invalid' });
      }
    }
  }) as unknown as z.ZodType<Answers>;
}

/** Field-keyed error messages for a set of answers; empty when every answer is valid. */
export function validateAnswers(fields: readonly Field[], answers: Answers, keyOf?: (field: Field) => string): Record<string, string> {
  const result = answersSchema(fields, keyOf).safeParse(answers);
  if (result.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '');
    errors[key] ??= issue.message;
  }
  return errors;
}

/** Validate one field's value as the user types. */
export function validateAnswer(field: Field, value: AnswerValue | undefined): string | undefined {
  return validateAnswers([field], { [field.id]: value })[field.id];
}
