import { isApiRequestError, isOfflineError } from '../../sync/api-client';

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

/** Turn a failed sign-in/sign-up into words for the form and for each field. */
export function describeAuthError<K extends string>(error: unknown, fields: readonly K[]): { form?: string; fields: FieldErrors<K> } {
  if (isOfflineError(error)) return { form: 'You are offline. Connect once to sign in.', fields: {} };
  if (isApiRequestError(error)) {
    if (error.code === 'bad_credentials' || (error.status === 401 && error.code !== 'rate_limited')) {
      return { form: 'That email and password do not match an account.', fields: {} };
    }
    if (error.code === 'email_taken') return { fields: { email: 'An account with this email already exists. Sign in instead.' } as FieldErrors<K> };
    // The relay's message says why (used, expired, withdrawn, another e-mail) and what to do.
    if (error.code === 'invite_required') return { form: error.message.endsWith('.') ? error.message : `${error.message}.`, fields: {} };
    if (error.code === 'rate_limited' || error.status === 429) return { form: 'Too many attempts. Wait a minute and try again.', fields: {} };
    const fieldErrors: FieldErrors<K> = {};
    for (const issue of error.issues) {
      const key = fields.find((f) => issue.path === f || issue.path.startsWith(`${f}.`));
      if (key !== undefined) fieldErrors[key] ??= issue.message;
    }
    if (Object.keys(fieldErrors).length > 0) return { fields: fieldErrors };
    return { form: error.message, fields: {} };
  }
  return { form: 'Something went wrong. Try again.', fields: {} };
}
