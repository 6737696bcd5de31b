import { inviteCodeSchema } from '../domain';

/** The join route of an invite link, `<origin>/join#<code>`; the address bar shows only this once the code is read. */
export const JOIN_PATH = '/join';

interface LocationLike {
  readonly pathname: string;
  readonly hash: string;
}
interface HistoryLike {
  readonly state: unknown;
  replaceState(data: unknown, unused: string, url?: string | URL | null): void;
}

export type CapturedInvite = { readonly ok: true; readonly code: string } | { readonly ok: false; readonly reason: 'missing' | 'malformed' };

// The code lives here (memory) between reading the fragment and signing up; never in a URL again.
let captured: CapturedInvite | null = null;

/**
 * Read the code from `/join#<code>` and at once replace the address with `/join`, as
 * `captureShareFragment` does for share links: the code is not left in the address bar, the
 * tab's history, a bookmark or a screenshot. The router calls it before any screen loads.
 */
export function captureInviteFragment(location: LocationLike = window.location, history: HistoryLike = window.history): void {
  if (location.pathname !== JOIN_PATH || location.hash === '') return;
  const raw = location.hash.slice(1);
  const parsed = inviteCodeSchema.safeParse(raw);
  captured = parsed.success ? { ok: true, code: parsed.data } : { ok: false, reason: 'malformed' };
  history.replaceState(history.state, '', JOIN_PATH);
}

/** The invite read from the fragment, or `missing` when `/join` was opened without one. */
export function capturedInvite(): CapturedInvite {
  return captured ?? { ok: false, reason: 'missing' };
}

/** Forget the code once it has been used. */
export function clearCapturedInvite(): void {
  captured = null;
}
