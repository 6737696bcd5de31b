import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerServiceWorker } from './pwa/register';
import { createApiClient } from './sync/api-client';
import { createSessionStore } from './sync/session';
import { App } from './ui/App';
import './ui/styles.css';

const session = createSessionStore({ api: () => api });
const api = createApiClient({
  getToken: () => session.token(),
  // A refused access token is refreshed (and the request sent again); a refused refresh token
  // means the sign-in ended: keep local data, ask to sign in again.
  onUnauthorized: () => session.refresh(),
});

registerServiceWorker();

// Offline cold start: with a cached sign-in, fetch and evaluate the first screen's code while
// React starts, instead of discovering it route by route (DESIGN §6: interactive <= 300 ms).
if (session.token() !== null && (location.pathname === '/' || location.pathname === '/library')) {
  void import('./ui/layouts/SignedInLayout');
  void import('./ui/screens/LibraryScreen');
}

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App services={{ api, session }} />
  </StrictMode>,
);
