import { sessionIdSchema } from '../domain';
import type { SessionId } from '../domain';

/** localStorage key of this device's anonymous recipient session (one per browser profile). */
export const RECIPIENT_SESSION_KEY = 'fieldbook.recipient-session';

type SessionStorage = Pick<Storage, 'getItem' | 'setItem'>;

let memo: SessionId | null = null;

/**
 * The anonymous session id a recipient without an account is known by: made once, kept on the
 * device, sent with every redemption, and the owner of the recipient's instances. Where storage
 * is blocked the id lasts for this page's life (the links then open as a new session next time).
 */
export function recipientSessionId(storage: SessionStorage | undefined = globalThis.localStorage): SessionId {
  if (memo !== null) return memo;
  let stored: string | null = null;
  try {
    stored = storage?.getItem(RECIPIENT_SESSION_KEY) ?? null;
  } catch {
    stored = null;
  }
  const parsed = sessionIdSchema.safeParse(stored);
  if (parsed.success) {
    memo = parsed.data;
    return memo;
  }
  const made = crypto.randomUUID() as SessionId;
  try {
    storage?.setItem(RECIPIENT_SESSION_KEY, made);
  } catch {
    // storage blocked: keep the id for this page's life
  }
  memo = made;
  return made;
}

/** Tests only: forget the memoised id. */
export function resetRecipientSessionMemo(): void {
  memo = null;
}
