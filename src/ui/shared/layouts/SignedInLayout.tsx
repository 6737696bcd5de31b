import { useEffect, useMemo } from 'react';
import { Link, Navigate, NavLink, Outlet } from 'react-router';
import { Shell } from '../Shell';
import { SyncStatus } from '../SyncStatus';
import { NamesContext, useMemberNames } from '../hooks/use-members';
import { useSession } from '../hooks/use-session';
import { afterFirstScreen } from '../../first-screen';
import { useServices } from '../../services';
import { holdUserData, SignedInContext, userDataFor } from '../../user-data';
import type { SignedIn } from '../../user-data';
import type { User } from '../../../domain';

const NAV = [
  { to: '/library', label: 'Library' },
  { to: '/work', label: 'My work' },
  { to: '/activity', label: 'Activity' },
  { to: '/settings', label: 'Settings' },
] as const;

/** Everything behind sign-in: opens the person's database and keeps it syncing. */
export function SignedInLayout() {
  const { session, expired } = useSession();
  if (session === null) return <Navigate to="/welcome" replace />;
  return <SignedInFrame user={session.user} expired={expired} />;
}

function SignedInFrame({ user, expired }: { user: User; expired: boolean }) {
  const services = useServices();
  const data = useMemo(() => userDataFor(user, services), [user, services]);
  const value = useMemo<SignedIn>(() => ({ user, data }), [user, data]);
  const names = useMemberNames(data.db, data.refreshMembers);

  useEffect(() => {
    const release = holdUserData(data);
    // Sync starts once the first screen has had its turn at IndexedDB (cold start budget);
    // it only ever adds work, so a few hundred ms later changes nothing the user sees. The members
    // list (names in Activity and beside answers) is refreshed then too, not before.
    let started = false;
    const cancel = afterFirstScreen(() => {
      started = true;
      performance.mark('fieldbook:sync-start');
      data.start();
      void data.refreshMembers().catch((error: unknown) => console.warn('Members could not be stored', error));
    });
    return () => {
      cancel();
      if (started) data.stop();
      release();
    };
  }, [data]);

  return (
    <SignedInContext value={value}>
      <NamesContext value={names}>
        <Shell
          status={<SyncStatus />}
          nav={
            <nav className="app-nav" aria-label="Main">
              <ul>
                {NAV.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to}>{item.label}</NavLink>
                  </li>
                ))}
              </ul>
            </nav>
          }
          notice={
            expired ? (
              <div className="notice" role="status">
                <p>Your sign-in has expired. Everything you did stays on this device.</p>
                <Link className="button primary" to="/sign-in">
                  Sign in again to sync
                </Link>
              </div>
            ) : null
          }
        >
          <Outlet />
        </Shell>
      </NamesContext>
    </SignedInContext>
  );
}
