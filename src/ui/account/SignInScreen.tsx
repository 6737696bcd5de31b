import { Link, Navigate, useNavigate } from 'react-router';
import { SignInForm } from './SignInForm';
import { useDocumentTitle } from '../shared/hooks/use-document-title';
import { useSession } from '../shared/hooks/use-session';
import './account.css';

export function SignInScreen() {
  useDocumentTitle('Sign in');
  const { session, expired } = useSession();
  const navigate = useNavigate();

  if (session !== null && !expired) return <Navigate to="/library" replace />;

  return (
    <section className="panel" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title" tabIndex={-1}>
        {expired ? 'Sign in again' : 'Sign in'}
      </h1>
      {expired ? (
        <p>Your sign-in has expired. Everything you did stays on this device and syncs once you sign in.</p>
      ) : (
        <p>Welcome to Fieldbook. Sign in with your workspace account.</p>
      )}
      <SignInForm initialEmail={session?.user.email ?? ''} submitLabel="Sign in" onSignedIn={() => navigate('/library', { replace: true })} />
      <p className="switch-auth">
        New to this workspace? Open the invite link an admin sent you. Starting a new workspace? <Link to="/sign-up">Create an account</Link>
      </p>
    </section>
  );
}
