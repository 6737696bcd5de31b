import type { RefObject } from 'react';

interface FormSubmitProps {
  /** The form-level error, announced (role=alert); undefined hides it. */
  readonly formError: string | undefined;
  readonly busy: boolean;
  readonly label: string;
  readonly busyLabel: string;
}

/** The end of an auth form: its form-level error, then the wide primary submit button. */
export function FormSubmit({ formError, busy, label, busyLabel }: FormSubmitProps) {
  return (
    <>
      {formError !== undefined && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <button type="submit" className="button primary wide" disabled={busy}>
        {busy ? busyLabel : label}
      </button>
    </>
  );
}

/** Once the errors have rendered, put the cursor in the first field that needs fixing. */
export function focusFirstInvalid(form: RefObject<HTMLFormElement | null>): void {
  requestAnimationFrame(() => form.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus());
}
