import { useId } from 'react';
import { describeScore, findingsOf, scoreOf } from '../../domain';
import type { Finding } from '../../domain';
import { plural } from '../shared/format';
import { useLogic } from './use-logic';
import type { OpenRun } from './use-run';
import { showPart, SHOW_PART_EVENT } from './part-answers';
import './run.css';
import './responses.css';

/** Where a finding is, in words: "Outside › Tyres", "Isolate › Oxygen". */
function placeOf(f: Finding): { within?: string; label: string } {
  if (f.kind === 'response') return { label: f.part.label, ...(f.part.within === undefined ? {} : { within: f.part.within }) };
  return { label: f.reading.field.label, ...(f.reading.stepTitle === undefined ? {} : { within: f.reading.stepTitle }) };
}

const findingText = (f: Finding): string => (f.kind === 'response' ? f.response.label : `${f.reading.value} — ${f.reading.message}`);

/** A procedure shows one step at a time: ask it to go to the step first when the part is not on screen. */
function show(key: string): void {
  if (!showPart(key)) window.dispatchEvent(new CustomEvent(SHOW_PART_EVENT, { detail: key }));
}

/**
 * The run's "Found" summary (completion/SPEC.md R17, R30–R34): every flagged answer and every
 * reading recorded outside its expected range, each a button that brings the part into view,
 * and the score when the definition scores answers. A reading out of range stands and
 * finishing is not blocked; whoever completes or reviews the run sees each finding here.
 */
export function FlaggedSummary({ run }: { readonly run: OpenRun }) {
  const headingId = useId();
  // Hidden parts find nothing and score nothing (their answers stay in the doc).
  const logic = useLogic(run);
  const visible = (key: string): boolean => logic.isVisible(key);
  const { contentType, definition } = run.version;
  const snapshot = run.session.model.snapshot();
  const found = findingsOf(contentType, definition, snapshot, visible);
  const score = scoreOf(contentType, definition, snapshot, visible);
  if (found.length === 0 && score === undefined) return null;
  const readingsOnly = found.every((f) => f.kind === 'reading');
  return (
    <section className="flagged-summary panel" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {found.length === 0 ? 'Found: nothing flagged' : readingsOnly ? `${plural(found.length, 'reading')} out of range` : `Found: ${found.length} flagged`}
      </h2>
      {score !== undefined && <p className="run-score">{describeScore(score)}</p>}
      {found.length > 0 && (
        <ul className="found-list flag-list">
          {found.map((f) => {
            const place = placeOf(f);
            return (
              <li key={f.key}>
                <button type="button" className="button found-link" onClick={() => show(f.key)}>
                  <span>
                    {place.within !== undefined && <span className="muted">{place.within} › </span>}
                    <strong>{place.label}</strong>: {findingText(f)}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
