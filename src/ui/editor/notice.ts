import { createContext, useContext } from 'react';

/** The editor's one status line: what just happened, with an undo when it can be undone. */
export interface EditorNotice {
  readonly message: string;
  readonly undo?: () => void;
  /** Changes with every notice, so the same words twice are announced twice. */
  readonly serial: number;
}

export interface EditorNoticeApi {
  say(message: string, undo?: () => void): void;
}

export const EditorNoticeContext = createContext<EditorNoticeApi | null>(null);

export function useEditorNotice(): EditorNoticeApi {
  const api = useContext(EditorNoticeContext);
  if (api === null) throw new Error('useEditorNotice outside the editor');
  return api;
}
