import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { TextField } from '../components/TextField';
import { describeAuthError } from '../screens/auth-errors';
import type { FieldErrors } from '../screens/auth-errors';
import { useServices } from '../services';

type Field = 'email' | 'password';

/**
 * An internal link: sign in right here, so the link (held in memory only) is not lost on the way
 * through the sign-in screen; then the caller redeems it as the member.
 */
export function SignInToOpen({ onSignedIn, expired }: { onSignedIn: (token: string) => void; expired: boolean }) {
  const { session } = useServices();
  const [email, setEmail] = useState(session.getState().session?.user.email ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
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
      const signedIn = await session.signIn({ email: email.trim().toLowerCase(), password });
      onSignedIn(signedIn.token);
    } catch (error) {
      const described = describeAuthError(error, ['email', 'password'] as const);
      setErrors(described.fields);
      setFormError(described.form);
      setBusy(false);
    }
  };

  return (
    <section className="panel narrow" aria-labelledby="link-sign-in-title">
      <h1 id="link-sign-in-title" tabIndex={-1}>
        Sign in to open this link
      </h1>
      <p>{expired ? 'Your sign-in has expired. ' : ''}This link is for members of the workspace. Sign in with your workspace account and the document opens.</p>
      <form ref={formRef} noValidate onSubmit={(e) => void submit(e)}>
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          inputMode="email"
          required
          value={email}
          error={errors.email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          error={errors.password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {formError !== undefined && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <button type="submit" className="button primary wide" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in and open'}
        </button>
      </form>
    </section>
  );
}
