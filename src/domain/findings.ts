import { rangeWarning } from './answers';
import type { ChecklistDefinition, ContentType, Definition, FormDefinition } from './definition';
import { formFields } from './definition';
import type { FlaggedReading } from './progress';
import { flaggedReadings } from './progress';
import type { ResponsePart } from './response-parts';
import { responseOf, responsePartsOf } from './response-parts';
import type { Response } from './responses';
import type { CompletionSnapshot } from './snapshot';

/** A part answered with a flagged response (a failed tyre). */
export interface FlaggedAnswer {
  readonly kind: 'response';
  /** The part's id: where its answer lives and what the runner scrolls to. */
  readonly key: string;
  readonly part: ResponsePart;
  readonly response: Response;
}

/** A number recorded outside its warning limits. */
export interface RangeFinding {
  readonly kind: 'reading';
  readonly key: string;
  readonly reading: FlaggedReading;
}

/** What a run found: flagged answers and out-of-range readings, for the "Found" summary and the record. */
export type Finding = FlaggedAnswer | RangeFinding;

/** Which parts are shown (logic); hidden parts' answers stay in the doc but find nothing. */
export type IsVisible = (key: string) => boolean;
const everything: IsVisible = () => true;

/** Every part answered with a flagged response, in definition order. */
export function flaggedAnswers(contentType: ContentType, def: Definition, snapshot: CompletionSnapshot, visible: IsVisible = everything): FlaggedAnswer[] {
  const out: FlaggedAnswer[] = [];
  for (const part of responsePartsOf(contentType, def)) {
    if (!visible(part.id)) continue;
    const response = responseOf(part, snapshot.values[part.id]);
    if (response?.flagged === true) out.push({ kind: 'response', key: part.id, part, response });
  }
  return out;
}

/**
 * Readings out of range: `flaggedReadings` (procedure step fields, form fields) plus the fields
 * `flaggedReadings` does not look at — checklist header fields and form section fields —
 * each key once.
 */
function rangeFindings(contentType: ContentType, def: Definition, snapshot: CompletionSnapshot, visible: IsVisible): RangeFinding[] {
  const readings = flaggedReadings(contentType, def, snapshot);
  const seen = new Set(readings.map((r) => r.key));
  const more = contentType === 'checklist' ? ((def as ChecklistDefinition).fields ?? []) : contentType === 'form' ? formFields(def as FormDefinition) : [];
  for (const field of more) {
    const value = snapshot.values[field.id];
    const message = rangeWarning(field, value);
    if (seen.has(field.id) || message === undefined || typeof value !== 'number') continue;
    seen.add(field.id);
    readings.push({ key: field.id, field, value, message });
  }
  return readings.filter((r) => visible(r.key)).map((reading) => ({ kind: 'reading', key: reading.key, reading }));
}

/** Everything a run found: flagged answers first (definition order), then readings out of range. */
export function findingsOf(contentType: ContentType, def: Definition, snapshot: CompletionSnapshot, visible: IsVisible = everything): Finding[] {
  return [...flaggedAnswers(contentType, def, snapshot, visible), ...rangeFindings(contentType, def, snapshot, visible)];
}

/** "Tyres: Fail", one line per flagged answer (an activity event's metadata). */
export function describeFlaggedAnswers(answers: readonly FlaggedAnswer[]): string {
  return answers.map((a) => `${a.part.within === undefined ? '' : `${a.part.within} › `}${a.part.label}: ${a.response.label}`).join('\n');
}

/**
 * Flagged answers whose part requires a note about what was found and has none yet
 * (`hasNote(partId)`: the part has a non-empty note in the notes log). Finishing is refused
 * while any remain (completion SPEC R30).
 */
/** Where the photos of what was found on a part live: the evidence field `<partId>.__photos` (completion SPEC R45). */
export const flaggedPhotosKey = (partId: string): string => `${partId}.__photos`;

/** Flagged answers whose part requires a photo and has none yet (R45): finishing is refused while any remain. */
export function photosMissing(contentType: ContentType, def: Definition, snapshot: CompletionSnapshot, visible: IsVisible = everything): FlaggedAnswer[] {
  return flaggedAnswers(contentType, def, snapshot, visible).filter((a) => {
    const count = snapshot.values[flaggedPhotosKey(a.key)];
    return a.part.photoWhenFlagged === 'required' && !(typeof count === 'number' && count > 0);
  });
}

export function notesMissing(contentType: ContentType, def: Definition, snapshot: CompletionSnapshot, hasNote: (partId: string) => boolean, visible: IsVisible = everything): FlaggedAnswer[] {
  return flaggedAnswers(contentType, def, snapshot, visible).filter((a) => a.part.noteWhenFlagged === 'required' && !hasNote(a.key));
}
