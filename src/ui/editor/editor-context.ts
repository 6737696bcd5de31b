import { createContext, useContext, useMemo } from 'react';
import type { ContentType, Definition } from '../../domain';
import { questionsBefore } from '../../domain/authoring';
import type { Question } from '../../domain/authoring';

/**
 * What a part's editor needs to know about the whole draft: the questions its rules can ask
 * about (the answers before it), and whether answers are scored. Given once by the document
 * editor, so the list editors need not thread the draft through every row.
 */
export interface EditorDraftInfo {
  readonly contentType: ContentType;
  readonly definition: Definition;
}

export const EditorDraftContext = createContext<EditorDraftInfo | null>(null);

export function useDraftInfo(): EditorDraftInfo {
  const info = useContext(EditorDraftContext);
  if (info === null) throw new Error('a part editor outside the document editor');
  return info;
}

/** The questions a rule on the part at `path` (`sections.1.fields.0`) can ask about. */
export function useQuestionsBefore(path: string): Question[] {
  const { contentType, definition } = useDraftInfo();
  return useMemo(() => questionsBefore(contentType, definition, path), [contentType, definition, path]);
}

export function useScoring(): boolean {
  return useDraftInfo().definition.scoring === true;
}

export function useDraftDefinition(): Definition {
  return useDraftInfo().definition;
}
