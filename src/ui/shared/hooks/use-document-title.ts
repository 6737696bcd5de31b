import { useEffect } from 'react';

export const APP_NAME = 'Fieldbook';

/** Each screen names itself in the tab title: "Library – Fieldbook". */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title === '' ? APP_NAME : `${title} – ${APP_NAME}`;
  }, [title]);
}
