import { z } from 'zod';
import { fieldIdSchema } from './field';

/**
 * What a checklist item or a procedure step answers with: a response set. Each response has a
 * colour, says whether it is *flagged* (a finding: a failed tyre), and may carry a score.
 * A response without a score (N/A) is left out of scoring altogether.
 */
export const RESPONSE_COLOURS = ['green', 'red', 'amber', 'grey', 'blue'] as const;
export type ResponseColour = (typeof RESPONSE_COLOURS)[number];

export const responseSchema = z.object({
  id: fieldIdSchema,
  label: z.string().min(1).max(60),
  colour: z.enum(RESPONSE_COLOURS),
  flagged: z.boolean(),
  /** Points for this answer (0..100); absent: not scored (N/A). */
  score: z.number().min(0).max(100).optional(),
});
export type Response = z.infer<typeof responseSchema>;

export const responseSetSchema = z
  .object({
    id: fieldIdSchema,
    label: z.string().min(1).max(100),
    responses: z.array(responseSchema).min(2).max(10),
  })
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.responses.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['responses', i, 'id'], message: `duplicate response id "${r.id}"` });
      seen.add(r.id);
    });
  });
export type ResponseSet = z.infer<typeof responseSetSchema>;

const r = (id: string, label: string, colour: ResponseColour, flagged: boolean, score?: number): Response =>
  score === undefined ? { id, label, colour, flagged } : { id, label, colour, flagged, score };

/** The sets every definition can use by id without defining them. `pass-fail-na` is the default. */
export const BUILT_IN_RESPONSE_SETS: readonly ResponseSet[] = [
  { id: 'pass-fail-na', label: 'Pass / Fail / N/A', responses: [r('pass', 'Pass', 'green', false, 1), r('fail', 'Fail', 'red', true, 0), r('na', 'N/A', 'grey', false)] },
  { id: 'yes-no-na', label: 'Yes / No / N/A', responses: [r('yes', 'Yes', 'green', false, 1), r('no', 'No', 'red', true, 0), r('na', 'N/A', 'grey', false)] },
  { id: 'safe-at-risk', label: 'Safe / At risk / N/A', responses: [r('safe', 'Safe', 'green', false, 1), r('at-risk', 'At risk', 'red', true, 0), r('na', 'N/A', 'grey', false)] },
  { id: 'good-fair-poor', label: 'Good / Fair / Poor', responses: [r('good', 'Good', 'green', false, 2), r('fair', 'Fair', 'amber', false, 1), r('poor', 'Poor', 'red', true, 0)] },
];
export const DEFAULT_RESPONSE_SET_ID = 'pass-fail-na';

/** The response set `id` names, looked up in the definition's own sets first, then the built-in ones. */
export function responseSetById(own: readonly ResponseSet[] | undefined, id: string): ResponseSet | undefined {
  return own?.find((s) => s.id === id) ?? BUILT_IN_RESPONSE_SETS.find((s) => s.id === id);
}

/** The parts of an answerable part (checklist item, procedure step) that say how it is answered. */
export const answerablePartShape = {
  /** Response set id (built-in or the definition's `responseSets`); absent: a plain tick (definitions before responses). */
  responses: fieldIdSchema.optional(),
  /** A flagged response needs a note before the run can finish. */
  noteWhenFlagged: z.enum(['optional', 'required']).optional(),
  /** A flagged response asks for a photo of what was found; `required`: the run cannot finish without one. Absent: no photo asked. */
  photoWhenFlagged: z.enum(['optional', 'required']).optional(),
  /** Weight of this part's score (default 1). */
  weight: z.number().min(0).max(100).optional(),
};
