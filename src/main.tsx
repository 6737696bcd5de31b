// First: starts fetching the first screen's chunks before the rest of the entry evaluates.
import { userDataModule } from './ui/preload-first-screen';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerServiceWorker } from './pwa/register';
import { createApiClient } from './sync/api-client';
import { createSessionStore } from './sync/session';
import { App } from './ui/App';
// The eager sheets, in cascade order; each feature's sheet comes with its lazy route.
import './ui/shared/tokens.css';
import './ui/shared/base.css';
import './ui/shared/shell.css';
import './ui/shared/controls.css';
import './ui/shared/blocks.css';

const session = createSessionStore({ api: () => api });
const api = createApiClient({
  getToken: () => session.token(),
  // A refused access token is refreshed (and the request sent again); a refused refresh token
  // means the sign-in ended: keep local data, ask to sign in again.
  onUnauthorized: () => session.refresh(),
});

registerServiceWorker();

const services = { api, session };
// Offline cold start: open the person's database while React renders the shell, so the first
// screen's query does not wait for it (DESIGN §6: interactive <= 300 ms).
const signedIn = session.getState().session;
if (userDataModule !== null && signedIn !== null) {
  // Errors stay for the screens' own queries to report.
  userDataModule.then(({ userDataFor }) => userDataFor(signedIn.user, services).db.open()).catch(() => undefined);
}

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App services={services} />
  </StrictMode>,
);
