import type { ReactNode } from 'react';
import type { Instance } from '../../domain';
import { TYPE_LABEL } from '../shared/format';
import './run.css';

/** The run's title (the page's h1) and its meta line: the content type badge, then `children`. */
export function RunHead({ row, children }: { row: Instance; children: ReactNode }) {
  return (
    <div className="runner-head">
      <h1 id="run-title" tabIndex={-1}>
        {row.title}
      </h1>
      <p className="card-meta">
        <span className="badge">{TYPE_LABEL[row.contentType]}</span>
        {children}
      </p>
    </div>
  );
}
