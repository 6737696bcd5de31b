import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useLocation } from 'react-router';
import { UpdateBanner } from './UpdateBanner';

interface ShellProps {
  /** Beside the name in the header: the connection or sync pill. */
  readonly status?: ReactNode;
  readonly nav?: ReactNode;
  /** Notices above the screen (e.g. an expired sign-in). */
  readonly notice?: ReactNode;
  readonly children: ReactNode;
}

/** The frame of every screen: skip link, header, optional nav, and the one <main>. */
export function Shell({ status, nav, notice, children }: ShellProps) {
  const mainRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const firstPath = useRef(pathname);
  const navId = useId();
  // On a phone the main nav folds behind a Menu button (CSS shows it inline on wider screens).
  // It was opened on one screen; navigating anywhere else folds it again.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const menuOpen = openOn === pathname;
  const setMenuOpen = (open: boolean): void => setOpenOn(open ? pathname : null);

  // After an in-app navigation, move focus to the new screen's heading so screen readers
  // and keyboard users start at the top of the new content (not on the first load). A screen
  // that is still reading its data renders the heading a moment later, so wait for it.
  useEffect(() => {
    if (firstPath.current === pathname) return;
    firstPath.current = '';
    const main = mainRef.current;
    if (main === null) return;
    const focusHeading = (): boolean => {
      const heading = main.querySelector<HTMLElement>('h1');
      heading?.focus();
      return heading !== null;
    };
    if (focusHeading()) return;
    const observer = new MutationObserver(() => {
      if (focusHeading()) observer.disconnect();
    });
    observer.observe(main, { childList: true, subtree: true });
    const timeout = setTimeout(() => observer.disconnect(), 5_000);
    return () => {
      observer.disconnect();
      clearTimeout(timeout);
    };
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <UpdateBanner />
        <div className="app-header-row">
          <p className="app-name">
            <span className="app-mark" aria-hidden="true" />
            Fieldbook
          </p>
          <div className="app-header-end">
            {status}
            {nav !== undefined ? (
              <button
                type="button"
                className="menu-button"
                aria-expanded={menuOpen}
                aria-controls={navId}
                onClick={() => setMenuOpen(!menuOpen)}
              >
                <span className="menu-icon" aria-hidden="true" />
                Menu
              </button>
            ) : null}
          </div>
        </div>
        {nav !== undefined ? (
          <div
            id={navId}
            className={`app-nav-wrap${menuOpen ? ' is-open' : ''}`}
            // A tap on a link closes the menu, also the link of the screen already shown.
            onClick={(event) => {
              if (event.target instanceof Element && event.target.closest('a') !== null) setMenuOpen(false);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Escape' && menuOpen) {
                setMenuOpen(false);
                document.querySelector<HTMLElement>(`[aria-controls="${CSS.escape(navId)}"]`)?.focus();
              }
            }}
          >
            {nav}
          </div>
        ) : null}
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {notice}
        {children}
      </main>
    </>
  );
}
