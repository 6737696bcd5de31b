import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { signupRequestSchema } from '../../protocol';
import { FormSubmit, focusFirstInvalid } from '../shared/FormSubmit';
import { TextField } from '../shared/TextField';
import { useDocumentTitle } from '../shared/hooks/use-document-title';
import { useSession } from '../shared/hooks/use-session';
import { useServices } from '../services';
import { describeAuthError } from './auth-errors';
import type { FieldErrors } from './auth-errors';
import './account.css';

type Field = 'name' | 'email' | 'password';
const FIELDS = ['name', 'email', 'password'] as const;

const MESSAGES: Record<Field, string> = {
  name: 'Enter your name.',
  email: 'Enter an email address like name@example.com.',
  password: 'Use at least 8 characters.',
};

interface SignUpScreenProps {
  /** The invite code from a join link (`/join#<code>`); absent for the first account or open sign-up. */
  readonly invite?: string;
  /** After the account was made (the invite is used up). */
  readonly onJoined?: () => void;
}

export function SignUpScreen({ invite, onJoined }: SignUpScreenProps = {}) {
  const title = invite === undefined ? 'Create an account' : 'Join the workspace';
  useDocumentTitle(title);
  const { session: store } = useServices();
  const { session, expired } = useSession();
  const navigate = useNavigate();
  const [values, setValues] = useState<Record<Field, string>>({ name: '', email: '', password: '' });
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  if (session !== null && !expired) return <Navigate to="/library" replace />;

  const change = (field: Field) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: event.target.value }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(undefined);
    const parsed = signupRequestSchema.safeParse(invite === undefined ? values : { ...values, invite });
    if (!parsed.success) {
      const next: FieldErrors<Field> = {};
      for (const issue of parsed.error.issues) {
        const key = FIELDS.find((f) => f === issue.path[0]);
        if (key !== undefined) next[key] ??= MESSAGES[key];
      }
      setErrors(next);
      focusFirstInvalid(formRef);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await store.signUp(parsed.data);
      onJoined?.();
      await navigate('/library', { replace: true });
    } catch (error) {
      const described = describeAuthError(error, FIELDS);
      setErrors(described.fields);
      setFormError(described.form);
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="sign-up-title">
      <h1 id="sign-up-title" tabIndex={-1}>
        {title}
      </h1>
      {invite === undefined ? (
        <p>Welcome to Fieldbook. The first account on a new workspace manages it. After that, people join with an invite link from an admin.</p>
      ) : (
        <p>You were invited to a Fieldbook workspace. Create your account to join it.</p>
      )}
      <form ref={formRef} noValidate onSubmit={(event) => void submit(event)}>
        <TextField label="Name" name="name" autoComplete="name" required value={values.name} error={errors.name} onChange={change('name')} />
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          inputMode="email"
          required
          value={values.email}
          error={errors.email}
          onChange={change('email')}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          hint="At least 8 characters."
          required
          value={values.password}
          error={errors.password}
          onChange={change('password')}
        />
        <FormSubmit formError={formError} busy={busy} label="Create account" busyLabel="Creating account…" />
      </form>
      <p className="switch-auth">
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </section>
  );
}
