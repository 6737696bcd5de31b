import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { FieldbookDB } from '../../db';
import type { ContentDocument, ShareAudience, User } from '../../domain';
import { createShareLink, endOfLocalDay, EXPIRY_PRESETS, maxUsesSchema } from '../../share/share-links';
import type { CreatedShareLink, ExpiryPresetId } from '../../share/share-links';
import { TextField } from '../shared/TextField';
import { useNow } from '../shared/hooks/use-now';
import './share.css';

type ExpiryChoice = ExpiryPresetId | 'custom';
type Problems = Partial<Record<'expiry' | 'maxUses' | 'form', string>>;

const todayIso = (now: number): string => {
  const d = new Date(now);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

interface ShareLinkFormProps {
  readonly db: FieldbookDB;
  readonly document: ContentDocument;
  readonly user: User;
  readonly onCreated: (created: CreatedShareLink) => void;
}

/** Who may open the link, until when, how often, and a label for the owner's own list. */
export function ShareLinkForm({ db, document, user, onCreated }: ShareLinkFormProps) {
  const isAdmin = user.role === 'admin';
  const now = useNow(60_000);
  const externalReasonId = useId();
  const dateId = useId();
  const dateErrorId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [audience, setAudience] = useState<ShareAudience>('internal');
  const [expiry, setExpiry] = useState<ExpiryChoice>('7d');
  const [customDate, setCustomDate] = useState('');
  const [maxUses, setMaxUses] = useState('');
  const [label, setLabel] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const now = Date.now();
    const next: Problems = {};
    let expiresAt: number | undefined;
    if (expiry === 'custom') {
      expiresAt = endOfLocalDay(customDate);
      if (expiresAt === undefined) next.expiry = 'Choose the date the link stops working.';
      else if (expiresAt <= now) next.expiry = 'Choose today or a later date.';
    } else {
      const preset = EXPIRY_PRESETS.find((p) => p.id === expiry);
      expiresAt = preset?.ms == null ? undefined : now + preset.ms;
    }
    let uses: number | undefined;
    if (maxUses.trim() !== '') {
      const parsed = maxUsesSchema.safeParse(maxUses.trim());
      if (parsed.success) uses = parsed.data;
      else next.maxUses = 'Enter a whole number of 1 or more, or leave it empty for no limit.';
    }
    setProblems(next);
    if (Object.keys(next).length > 0) {
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setBusy(true);
    try {
      const created = await createShareLink(db, {
        document,
        audience: isAdmin ? audience : 'internal',
        expiresAt,
        maxUses: uses,
        label,
        createdBy: user.id,
        now,
        origin: window.location.origin,
      });
      setLabel('');
      setMaxUses('');
      onCreated(created);
    } catch {
      setProblems({ form: 'The link could not be saved on this device. Try again.' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} className="panel share-form" aria-labelledby="new-link-title" noValidate onSubmit={(e) => void submit(e)}>
      <h2 id="new-link-title">New link</h2>
      <fieldset className="choice-group share-choices">
        <legend>Who can open it</legend>
        <label className="check-row">
          <input type="radio" name="audience" value="internal" checked={audience === 'internal'} onChange={() => setAudience('internal')} />
          <span>Workspace members (they sign in)</span>
        </label>
        <label className={`check-row${isAdmin ? '' : ' is-disabled'}`}>
          <input
            type="radio"
            name="audience"
            value="external"
            checked={audience === 'external'}
            disabled={!isAdmin}
            onChange={() => setAudience('external')}
            {...(isAdmin ? {} : { 'aria-describedby': externalReasonId })}
          />
          <span>Anyone with the link (no account needed)</span>
        </label>
        {!isAdmin && (
          <p id={externalReasonId} className="field-hint">
            Only workspace admins can share outside the workspace.
          </p>
        )}
      </fieldset>

      <fieldset className={`choice-group share-choices${problems.expiry !== undefined ? ' has-error' : ''}`}>
        <legend>Stops working</legend>
        {EXPIRY_PRESETS.map((preset) => (
          <label key={preset.id} className="check-row">
            <input type="radio" name="expiry" value={preset.id} checked={expiry === preset.id} onChange={() => setExpiry(preset.id)} />
            <span>{preset.ms === null ? preset.label : `After ${preset.label}`}</span>
          </label>
        ))}
        <label className="check-row">
          <input type="radio" name="expiry" value="custom" checked={expiry === 'custom'} onChange={() => setExpiry('custom')} />
          <span>On a date I choose</span>
        </label>
        {expiry === 'custom' && (
          <div className={`field share-date${problems.expiry !== undefined ? ' has-error' : ''}`}>
            <label htmlFor={dateId}>Last day the link works</label>
            <input
              id={dateId}
              type="date"
              min={todayIso(now)}
              value={customDate}
              aria-invalid={problems.expiry !== undefined}
              {...(problems.expiry !== undefined ? { 'aria-describedby': dateErrorId } : {})}
              onChange={(e) => setCustomDate(e.target.value)}
            />
            {problems.expiry !== undefined && (
              <p id={dateErrorId} className="field-error" role="alert">
                {problems.expiry}
              </p>
            )}
          </div>
        )}
      </fieldset>

      <TextField
        label="Maximum number of uses (optional)"
        hint="Counts each person who opens it (once per person or device), not each answer sent. Leave empty for no limit."
        type="number"
        inputMode="numeric"
        min={1}
        step={1}
        value={maxUses}
        error={problems.maxUses}
        onChange={(e) => setMaxUses(e.target.value)}
      />
      <TextField
        label="Label (optional)"
        hint="Shown in the list of links below: who or what the link is for."
        type="text"
        maxLength={200}
        value={label}
        onChange={(e) => setLabel(e.target.value)}
      />
      {problems.form !== undefined && (
        <p className="form-error" role="alert">
          {problems.form}
        </p>
      )}
      <button type="submit" className="button primary large" disabled={busy}>
        {busy ? 'Creating…' : 'Create link'}
      </button>
    </form>
  );
}
