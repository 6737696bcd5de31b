import type { ContentType, Definition } from './definition';
import type { IsVisible } from './findings';
import type { RunScore } from './instance';
import { responseOf, responsePartsOf } from './response-parts';
import type { CompletionSnapshot } from './snapshot';

/**
 * The run's score when the definition scores answers (`scoring: true`): over the answered,
 * shown parts whose response carries a score (N/A has none and is left out),
 * got = Σ weight × the response's score, max = Σ weight × the best score of the part's set.
 * Undefined when scoring is off.
 */
export function scoreOf(contentType: ContentType, def: Definition, snapshot: CompletionSnapshot, visible: IsVisible = () => true): RunScore | undefined {
  if (def.scoring !== true) return undefined;
  let got = 0;
  let max = 0;
  for (const part of responsePartsOf(contentType, def)) {
    if (!visible(part.id)) continue;
    const score = responseOf(part, snapshot.values[part.id])?.score;
    if (score === undefined) continue;
    const best = Math.max(...part.set.responses.map((r) => r.score ?? 0));
    got += part.weight * score;
    max += part.weight * best;
  }
  // Rounded so that float sums of weights compare and display cleanly (1e-6 points is nothing).
  return { got: Math.round(got * 1e6) / 1e6, max: Math.round(max * 1e6) / 1e6 };
}

/** Whole percent of the score; undefined when nothing scored was answered. */
export const scorePercent = (score: RunScore): number | undefined => (score.max === 0 ? undefined : Math.round((score.got / score.max) * 100));

const points = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** "Score 7 of 9 (78 %)"; "Score: nothing scored yet" before any scored answer. */
export function describeScore(score: RunScore): string {
  const percent = scorePercent(score);
  return percent === undefined ? 'Score: nothing scored yet' : `Score ${points(score.got)} of ${points(score.max)} (${percent} %)`;
}
