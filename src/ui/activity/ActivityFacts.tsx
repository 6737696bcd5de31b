import type { ActivityEvent } from '../../domain';
import { plural } from '../shared/format';
import './activity.css';

/**
 * What an event says beyond its type: why a run was abandoned, and the readings a finished run
 * recorded outside their expected range (R17/R18 of completion/SPEC.md, from the event's metadata).
 */
export function ActivityFacts({ event }: { event: ActivityEvent }) {
  const meta = event.metadata ?? {};
  const reason = typeof meta.reason === 'string' ? meta.reason : undefined;
  const flagged = typeof meta.flagged === 'number' && meta.flagged > 0 ? meta.flagged : undefined;
  const readings = typeof meta.flaggedReadings === 'string' ? meta.flaggedReadings.split('\n').filter(Boolean) : [];
  if (reason === undefined && flagged === undefined) return null;
  return (
    <div className="activity-facts">
      {reason !== undefined && <p>Reason: {reason}</p>}
      {flagged !== undefined && (
        <>
          <p className="flag-text">{plural(flagged, 'reading')} out of range</p>
          {readings.length > 0 && (
            <ul className="flag-list">
              {readings.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
