import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { TextField } from '../components/TextField';
import { useDocumentTitle } from '../hooks/use-document-title';
import { useSession } from '../hooks/use-session';
import { useServices } from '../services';
import { describeAuthError } from './auth-errors';
import type { FieldErrors } from './auth-errors';

type Field = 'email' | 'password';

export function SignInScreen() {
  useDocumentTitle('Sign in');
  const { session: store } = useServices();
  const { session, expired } = useSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState(session?.user.email ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  if (session !== null && !expired) return <Navigate to="/library" replace />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: FieldErrors<Field> = {};
    if (email.trim() === '') next.email = 'Enter your email address.';
    if (password === '') next.password = 'Enter your password.';
    setErrors(next);
    setFormError(undefined);
    if (Object.keys(next).length > 0) {
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setBusy(true);
    try {
      await store.signIn({ email: email.trim().toLowerCase(), password });
      await navigate('/library', { replace: true });
    } catch (error) {
      const described = describeAuthError(error, ['email', 'password'] as const);
      setErrors(described.fields);
      setFormError(described.form);
      setBusy(false);
    }
  }

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
      <form ref={formRef} noValidate onSubmit={(event) => void submit(event)}>
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          inputMode="email"
          required
          value={email}
          error={errors.email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          error={errors.password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {formError !== undefined && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <button type="submit" className="button primary wide" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="switch-auth">
        New to this workspace? <Link to="/sign-up">Create an account</Link>
      </p>
    </section>
  );
}
