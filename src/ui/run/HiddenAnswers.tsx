import { plural } from '../shared/format';
import './logic.css';

/**
 * Answers of parts a rule now hides are kept in the run (another tablet may have written them,
 * and showing the part again brings them back); they are left out of checks and exports. Say
 * so, so nobody thinks they were lost or wonders why they do not count.
 */
export function HiddenAnswers({ count }: { readonly count: number }) {
  if (count === 0) return null;
  return (
    <p className="notice hidden-answers" role="status">
      Some hidden answers are kept: {count === 1 ? '1 answer belongs to a question that is hidden now. It comes back if the question is shown again, and does not count while hidden.' : `${plural(count, 'answer')} belong to questions that are hidden now. They come back if the questions are shown again, and do not count while hidden.`}
    </p>
  );
}
