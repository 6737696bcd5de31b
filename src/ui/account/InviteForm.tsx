import { useState } from 'react';
import type { FormEvent } from 'react';
import { createInviteRequestSchema } from '../../protocol';
import type { Role } from '../../domain';
import type { CreateInviteResponse } from '../../protocol';
import { TextField } from '../shared/TextField';
import { useServices } from '../services';
import { describeAdminError } from './invite-errors';

const DAY_MS = 24 * 60 * 60 * 1000;
const EXPIRY_CHOICES = [
  { id: '1d', label: '1 day', ms: DAY_MS },
  { id: '7d', label: '7 days', ms: 7 * DAY_MS },
  { id: '30d', label: '30 days', ms: 30 * DAY_MS },
] as const;
type ExpiryId = (typeof EXPIRY_CHOICES)[number]['id'];

export interface CreatedInvite extends CreateInviteResponse {
  readonly email: string | undefined;
}

/** Who the invite is for (optional e-mail), which role it gives, how long it works. */
export function InviteForm({ onCreated }: { onCreated: (invite: CreatedInvite) => void }) {
  const { api } = useServices();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [expiry, setExpiry] = useState<ExpiryId>('7d');
  const [emailError, setEmailError] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setFormError(undefined);
    const ms = EXPIRY_CHOICES.find((c) => c.id === expiry)?.ms ?? 7 * DAY_MS;
    const trimmed = email.trim();
    const parsed = createInviteRequestSchema.safeParse({ role, expiresAt: Date.now() + ms, ...(trimmed !== '' ? { email: trimmed } : {}) });
    if (!parsed.success) {
      setEmailError('Enter an email address like name@example.com, or leave it empty.');
      return;
    }
    setEmailError(undefined);
    setBusy(true);
    try {
      const created = await api.createInvite(parsed.data);
      onCreated({ ...created, email: parsed.data.email });
      setEmail('');
    } catch (error) {
      setFormError(describeAdminError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel share-form" aria-labelledby="new-invite-title" noValidate onSubmit={(e) => void submit(e)}>
      <h2 id="new-invite-title">Invite someone</h2>
      <TextField
        label="Email (optional)"
        type="email"
        name="invite-email"
        inputMode="email"
        autoComplete="off"
        hint="Only this address can use the invite. Leave it empty for anyone who gets the link."
        value={email}
        error={emailError}
        onChange={(e) => setEmail(e.target.value)}
      />
      <fieldset className="choice-group share-choices">
        <legend>Role</legend>
        <label className="check-row">
          <input type="radio" name="invite-role" value="member" checked={role === 'member'} onChange={() => setRole('member')} />
          <span>Member (runs documents)</span>
        </label>
        <label className="check-row">
          <input type="radio" name="invite-role" value="admin" checked={role === 'admin'} onChange={() => setRole('admin')} />
          <span>Admin (also writes documents, shares externally, invites people)</span>
        </label>
      </fieldset>
      <fieldset className="choice-group share-choices">
        <legend>Invite stops working after</legend>
        {EXPIRY_CHOICES.map((choice) => (
          <label key={choice.id} className="check-row">
            <input type="radio" name="invite-expiry" value={choice.id} checked={expiry === choice.id} onChange={() => setExpiry(choice.id)} />
            <span>{choice.label}</span>
          </label>
        ))}
      </fieldset>
      {formError !== undefined && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <button type="submit" className="button primary large" disabled={busy}>
        {busy ? 'Creating invite…' : 'Create invite'}
      </button>
    </form>
  );
}
