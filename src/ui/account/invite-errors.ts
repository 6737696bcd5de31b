import { isApiRequestError, isOfflineError } from '../../sync/api-client';

/** Words for a failed invite or account call on the admin's screens. */
export function describeAdminError(error: unknown): string {
  if (isOfflineError(error)) return 'You are offline. Invites and sign-outs need a connection to the relay; try again once connected.';
  if (isApiRequestError(error)) {
    if (error.status === 401) return 'Your sign-in has expired. Sign in again, then try once more.';
    if (error.status === 403) return 'Only an admin can do this.';
    if (error.status === 404) return 'That no longer exists on the relay. Refresh the list.';
    if (error.status === 429) return 'Too many attempts. Wait a minute and try again.';
    const issue = error.issues[0];
    if (issue !== undefined) return `The relay did not accept this: ${issue.message}.`;
    return `The relay did not accept this: ${error.message}.`;
  }
  return 'Something went wrong. Try again.';
}
