import { useId } from 'react';
import { flaggedReadings } from '../../domain';
import { plural } from '../shared/format';
import type { OpenRun } from './use-run';
import './run.css';

/**
 * The run's summary of readings recorded outside their expected range (warning limits): the
 * reading stands and finishing is not blocked, but whoever completes or reviews the run sees
 * each one (completion/SPEC.md R17).
 */
export function FlaggedSummary({ run }: { readonly run: OpenRun }) {
  const headingId = useId();
  const flags = flaggedReadings(run.version.contentType, run.version.definition, run.session.model.snapshot());
  if (flags.length === 0) return null;
  return (
    <section className="flagged-summary panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{plural(flags.length, 'reading')} out of range</h2>
      <ul className="flag-list">
        {flags.map((f) => (
          <li key={f.key}>
            {f.stepTitle !== undefined && <span className="muted">{f.stepTitle} › </span>}
            <strong>{f.field.label}</strong>: {f.value} — {f.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
