import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { Session } from '../../sync/session';
import { describeAuthError } from './auth-errors';
import type { FieldErrors } from './auth-errors';
import { useServices } from '../services';
import { FormSubmit, focusFirstInvalid } from '../shared/FormSubmit';
import { TextField } from '../shared/TextField';

type Field = 'email' | 'password';

interface SignInFormProps {
  /** The email the form starts with (the last signed-in user's, when there is one). */
  readonly initialEmail: string;
  /** The submit button's text: "Sign in", "Sign in and open". */
  readonly submitLabel: string;
  /** After a successful sign-in; the form stays busy. A throw here shows as the form's error. */
  readonly onSignedIn: (session: Session) => void | Promise<void>;
}

/** Email and password, checked, then signed in through the session store; server errors mapped to fields. */
export function SignInForm({ initialEmail, submitLabel, onSignedIn }: SignInFormProps) {
  const { session: store } = useServices();
  const [email, setEmail] = useState(initialEmail);
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
      focusFirstInvalid(formRef);
      return;
    }
    setBusy(true);
    try {
      await onSignedIn(await store.signIn({ email: email.trim().toLowerCase(), password }));
    } catch (error) {
      const described = describeAuthError(error, ['email', 'password'] as const);
      setErrors(described.fields);
      setFormError(described.form);
      setBusy(false);
    }
  };

  return (
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
      <FormSubmit formError={formError} busy={busy} label={submitLabel} busyLabel="Signing in…" />
    </form>
  );
}
