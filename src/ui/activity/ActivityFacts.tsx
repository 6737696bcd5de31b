import type { ActivityEvent } from '../../domain';
import { plural } from '../shared/format';
import './activity.css';

const lines = (value: unknown): string[] => (typeof value === 'string' ? value.split('\n').filter(Boolean) : []);

/**
 * What an event says beyond its type, from its metadata (completion/SPEC.md R17, R18, R32): why a
 * run was abandoned, which answer was flagged ("Flagged: Tyres — Fail"), and what a finished run
 * found — flagged answers and readings recorded outside their expected range.
 */
export function ActivityFacts({ event }: { event: ActivityEvent }) {
  const meta = event.metadata ?? {};
  const reason = typeof meta.reason === 'string' ? meta.reason : undefined;
  const flaggedPart = event.type === 'answer_flagged' && typeof meta.part === 'string' ? meta.part : undefined;
  const flagged = typeof meta.flagged === 'number' && meta.flagged > 0 ? meta.flagged : undefined;
  const answers = lines(meta.flaggedAnswers);
  const readings = lines(meta.flaggedReadings);
  if (reason === undefined && flagged === undefined && flaggedPart === undefined) return null;
  return (
    <div className="activity-facts">
      {reason !== undefined && <p>Reason: {reason}</p>}
      {flaggedPart !== undefined && (
        <p className="flag-text">
          Flagged: {typeof meta.within === 'string' ? `${meta.within} › ` : ''}
          {flaggedPart}
          {typeof meta.response === 'string' ? ` — ${meta.response}` : ''}
        </p>
      )}
      {flagged !== undefined && (
        <>
          {/* Events from before responses only counted readings; they keep their wording. */}
          <p className="flag-text">{answers.length === 0 ? `${plural(flagged, 'reading')} out of range` : `${flagged} flagged`}</p>
          {answers.length + readings.length > 0 && (
            <ul className="flag-list">
              {[...answers, ...readings].map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
