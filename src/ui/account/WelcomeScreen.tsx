import { redirect, useLoaderData, useRevalidator } from 'react-router';
import type { LoaderFunction } from 'react-router';
import { isOfflineError } from '../../sync/api-client';
import { useDocumentTitle } from '../shared/hooks/use-document-title';
import type { Services } from '../services';

type WelcomeData = { readonly problem: 'offline' } | { readonly problem: 'relay'; readonly message: string };

/**
 * Decides the first screen: the relay says whether this workspace has accounts yet
 * (sign up the first one, which becomes the admin) or not (sign in).
 */
export function welcomeLoader({ api, session }: Services): LoaderFunction {
  return async () => {
    if (session.getState().session !== null) return redirect('/library');
    try {
      const workspace = await api.workspace();
      return redirect(workspace.hasUsers ? '/sign-in' : '/sign-up');
    } catch (error) {
      if (isOfflineError(error)) return { problem: 'offline' } satisfies WelcomeData;
      return { problem: 'relay', message: error instanceof Error ? error.message : String(error) } satisfies WelcomeData;
    }
  };
}

export function WelcomeScreen() {
  const data = useLoaderData<WelcomeData>();
  const revalidator = useRevalidator();
  useDocumentTitle(data.problem === 'offline' ? 'Connect once to sign in' : 'Welcome');
  const checking = revalidator.state === 'loading';

  return (
    <section className="panel" aria-labelledby="welcome-title">
      <h1 id="welcome-title" tabIndex={-1}>
        {data.problem === 'offline' ? 'Connect once to sign in' : 'Welcome to Fieldbook'}
      </h1>
      {data.problem === 'offline' ? (
        <>
          <p>This device is not connected right now, and nobody has signed in to Fieldbook on it yet.</p>
          <p>Connect to the network once and sign in. After that, Fieldbook works without a connection.</p>
        </>
      ) : (
        <p role="alert">The relay could not answer ({data.message}). Try again in a moment.</p>
      )}
      <button type="button" className="button primary" disabled={checking} onClick={() => void revalidator.revalidate()}>
        {checking ? 'Checking…' : 'Try again'}
      </button>
    </section>
  );
}
