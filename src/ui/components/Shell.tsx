import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useLocation } from 'react-router';
import { UpdateBanner } from './UpdateBanner';

interface ShellProps {
  /** Right side of the header: connection and sync state. */
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
          {status}
        </div>
        {nav}
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {notice}
        {children}
      </main>
    </>
  );
}
