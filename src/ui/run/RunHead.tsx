import type { ReactNode } from 'react';
import { describeScore } from '../../domain';
import type { Instance } from '../../domain';
import { TYPE_LABEL } from '../shared/format';
import './run.css';
import './responses.css';

/**
 * The run's title (the page's h1: its own name from its answers, else the document title), the
 * document title under a named run, and the meta line: the content type badge, then
 * `children`, then how many answers are flagged and the score (from the projected row).
 */
export function RunHead({ row, children }: { row: Instance; children: ReactNode }) {
  const named = row.name !== undefined && row.name !== row.title;
  return (
    <div className="runner-head">
      <h1 id="run-title" tabIndex={-1}>
        {named ? row.name : row.title}
      </h1>
      {named && <p className="muted run-doc-title">{row.title}</p>}
      <p className="card-meta run-counts">
        <span className="badge">{TYPE_LABEL[row.contentType]}</span>
        {children}
        {row.flagged !== undefined && row.flagged > 0 && <span className="flag-count">{row.flagged} flagged</span>}
        {row.score !== undefined && <span className="run-score">{describeScore(row.score)}</span>}
      </p>
    </div>
  );
}
