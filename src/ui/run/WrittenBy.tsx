import type { Slot } from '../../completion';
import { useNames } from '../shared/hooks/use-members';
import { formatWhen, isoOf } from '../shared/time';
import type { OpenRun } from './use-run';
import { whoWrote } from './who-wrote';
import './run.css';

interface WrittenByProps {
  readonly run: OpenRun;
  readonly slot: Slot;
  readonly userId: string;
}

/**
 * Beside an answer in a run under review: who gave the value in effect, when, and on which
 * device (the register entry's `by`, `at` and `device`, completion SPEC R1).
 */
export function WrittenBy({ run, slot, userId }: WrittenByProps) {
  const names = useNames();
  const last = run.session.model.lastWrite(slot);
  if (last === undefined) return <p className="muted written-by">Not answered</p>;
  const verb = slot.startsWith('d:') ? (run.session.model.read(slot) === true ? 'Ticked' : 'Unticked') : 'Answered';
  return (
    <p className="muted written-by">
      {verb} by {whoWrote(last.by, last.device, userId, names)} · <time dateTime={isoOf(last.at)}>{formatWhen(last.at)}</time> · on device{' '}
      {last.device.slice(0, 8)}
    </p>
  );
}
