import type { FormSection, Progress } from '../../domain';
import { sectionCount } from './FormSection';
import './run.css';
import './logic.css';

interface SectionListProps {
  /** The sections shown now (hidden ones are left out), in order. */
  readonly sections: readonly FormSection[];
  readonly current: string;
  readonly perSection: ReadonlyMap<string, Progress>;
  readonly onTurn: (id: string) => void;
}

/** A long form's sections, one per page: each with how far it is ("3 of 5 answered"); the current one marked. */
export function SectionList({ sections, current, perSection, onTurn }: SectionListProps) {
  return (
    <nav className="section-list" aria-label="Sections">
      <ol>
        {sections.map((section) => {
          const p = perSection.get(section.id);
          const complete = p !== undefined && p.done === p.total;
          return (
            <li key={section.id}>
              <button type="button" className={`section-link${complete ? ' is-complete' : ''}`} aria-current={section.id === current ? 'page' : undefined} onClick={() => onTurn(section.id)}>
                <span className="section-link-title">{section.title}</span>
                {p !== undefined && p.total > 0 && <span className="section-link-count">{sectionCount(p)}</span>}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** Previous / Next between the shown sections. */
export function PageNav({ sections, current, onTurn }: Omit<SectionListProps, 'perSection'>) {
  const index = sections.findIndex((s) => s.id === current);
  const previous = sections[index - 1];
  const next = sections[index + 1];
  return (
    <div className="step-nav page-nav">
      <button type="button" className="button large" disabled={previous === undefined} onClick={() => previous !== undefined && onTurn(previous.id)}>
        Previous
      </button>
      <p className="page-count muted">
        Section {index + 1} of {sections.length}
      </p>
      <button type="button" className="button large primary" disabled={next === undefined} onClick={() => next !== undefined && onTurn(next.id)}>
        Next
      </button>
    </div>
  );
}
