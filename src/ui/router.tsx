import { createBrowserRouter, Outlet, redirect, useRouteError } from 'react-router';
import type { RouteObject } from 'react-router';
import { PublicLayout } from './shared/layouts/PublicLayout';
import { captureShareFragment } from '../share/fragment';
import { captureInviteFragment } from '../share/invite-fragment';
import type { Services } from './services';

// Screens and the signed-in layout (which brings Dexie) load on demand, so the first
// download stays small; the service worker precaches every chunk for offline use.
const routes = (services: Services): RouteObject[] => [
  {
    id: 'root',
    Component: Outlet,
    HydrateFallback: BootScreen,
    ErrorBoundary: RouteError,
    children: [
      {
        Component: PublicLayout,
        children: [
          {
            path: 'welcome',
            lazy: async () => {
              const m = await import('./account/WelcomeScreen');
              return { Component: m.WelcomeScreen, loader: m.welcomeLoader(services) };
            },
          },
          { path: 'sign-in', lazy: async () => ({ Component: (await import('./account/SignInScreen')).SignInScreen }) },
          { path: 'sign-up', lazy: async () => ({ Component: (await import('./account/SignUpScreen')).SignUpScreen }) },
          // Invite links `/join#<code>`: the code left the address bar in createAppRouter.
          { path: 'join', lazy: async () => ({ Component: (await import('./account/JoinScreen')).JoinScreen }) },
        ],
      },
      // Share-link recipients: no sign-in (an internal link asks for one on the spot).
      {
        path: 's',
        lazy: async () => ({ Component: (await import('./share/RecipientLayout')).RecipientLayout }),
        children: [
          { index: true, lazy: async () => ({ Component: (await import('./share/RecipientEntryScreen')).RecipientEntryScreen }) },
          {
            path: ':linkId',
            lazy: async () => ({ Component: (await import('./share/RecipientLinkLayout')).RecipientLinkLayout }),
            children: [
              { index: true, lazy: async () => ({ Component: (await import('./share/RecipientDocumentScreen')).RecipientDocumentScreen }) },
              { path: 'run/:instanceId', lazy: async () => ({ Component: (await import('./share/RecipientRunScreen')).RecipientRunScreen }) },
            ],
          },
        ],
      },
      {
        lazy: async () => ({ Component: (await import('./shared/layouts/SignedInLayout')).SignedInLayout }),
        children: [
          // A loader redirect (not <Navigate>): the router goes straight to /library and loads the
          // layout and the library screen in parallel, instead of one after the other.
          { index: true, loader: () => redirect('/library') },
          { path: 'library', lazy: async () => ({ Component: (await import('./library/LibraryScreen')).LibraryScreen }) },
          { path: 'library/:documentId', lazy: async () => ({ Component: (await import('./library/DocumentScreen')).DocumentScreen }) },
          { path: 'library/:documentId/share', lazy: async () => ({ Component: (await import('./share/ShareScreen')).ShareScreen }) },
          // Authoring (admins): the editor brings the runner for its live preview, so it loads on demand.
          { path: 'library/:documentId/edit', lazy: async () => ({ Component: (await import('./editor/EditorScreen')).EditorScreen }) },
          { path: 'library/new/:contentType', lazy: async () => ({ Component: (await import('./editor/EditorNewScreen')).EditorNewScreen }) },
          { path: 'library/import', lazy: async () => ({ Component: (await import('./editor/ImportScreen')).ImportScreen }) },
          { path: 'work', lazy: async () => ({ Component: (await import('./my-work/MyWorkScreen')).MyWorkScreen }) },
          // The runner brings Yjs; it loads only when a run is opened.
          { path: 'run/:instanceId', lazy: async () => ({ Component: (await import('./run/RunnerScreen')).RunnerScreen }) },
          { path: 'activity', lazy: async () => ({ Component: (await import('./activity/ActivityScreen')).ActivityScreen }) },
          { path: 'settings', lazy: async () => ({ Component: (await import('./account/SettingsScreen')).SettingsScreen }) },
          // Admins: invite people, withdraw invites, sign a lost device out.
          { path: 'invites', lazy: async () => ({ Component: (await import('./account/InvitesScreen')).InvitesScreen }) },
          { path: 'sync', lazy: async () => ({ Component: (await import('./sync/SyncScreen')).SyncScreen }) },
          { path: '*', lazy: async () => ({ Component: (await import('./shared/NotFoundScreen')).NotFoundScreen }) },
        ],
      },
    ],
  },
];

export const createAppRouter = (services: Services) => {
  // A share link's token leaves the address bar before anything else runs (share/fragment.ts).
  captureShareFragment();
  captureInviteFragment();
  return createBrowserRouter(routes(services));
};

function BootScreen() {
  return (
    <main id="main" className="boot">
      <p role="status">Opening Fieldbook…</p>
    </main>
  );
}

function RouteError() {
  const error = useRouteError();
  console.error(error);
  return (
    <main id="main" className="boot">
      <h1>Something went wrong</h1>
      <p>Fieldbook hit a problem showing this screen. Your work on this device is safe.</p>
      <button type="button" className="button primary" onClick={() => window.location.reload()}>
        Reload Fieldbook
      </button>
    </main>
  );
}
