import { sessionIdSchema } from '../domain';
import type { SessionId } from '../domain';
import { RECIPIENT_SECRET_KEY, RECIPIENT_SESSION_KEY, sessionSecretSchema } from '../protocol';
import { createShareToken } from './token';

/** localStorage keys of this device's anonymous recipient session and of its secret (src/protocol/storage-names.ts). */

type SessionStorage = Pick<Storage, 'getItem' | 'setItem'>;

let memo: SessionId | null = null;
let secretMemo: string | null = null;

function read(storage: SessionStorage | undefined, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Make, keep (where storage allows) and memoise a new session secret. */
function newSecret(storage: SessionStorage | undefined): string {
  const made = createShareToken();
  try {
    storage?.setItem(RECIPIENT_SECRET_KEY, made);
  } catch {
    // storage blocked: the secret lasts as long as the memoised session id
  }
  secretMemo = made;
  return made;
}

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
  // A new session gets a new secret, never one left over from an earlier id.
  newSecret(storage);
  return made;
}

/**
 * The secret that proves to the relay that a redemption comes from the device that owns
 * `sessionId` (the relay binds the session id to it on first redemption, so someone who learns
 * the id from a record cannot redeem as that session). Undefined when `sessionId` is not this
 * device's session. A session made before secrets existed gets one on first use. Never logged,
 * never put in a URL: it travels only in the redemption's JSON body.
 */
export function recipientSessionSecret(sessionId: string, storage: SessionStorage | undefined = globalThis.localStorage): string | undefined {
  const own = memo ?? sessionIdSchema.safeParse(read(storage, RECIPIENT_SESSION_KEY)).data;
  if (own !== sessionId) return undefined;
  if (secretMemo !== null) return secretMemo;
  const stored = read(storage, RECIPIENT_SECRET_KEY);
  // A stored secret the relay would refuse (protocol `sessionSecretSchema`) is replaced; made ones are 256 bits.
  if (stored !== null && sessionSecretSchema.safeParse(stored).success) {
    secretMemo = stored;
    return stored;
  }
  return newSecret(storage);
}

/** Tests only: forget the memoised id and secret. */
export function resetRecipientSessionMemo(): void {
  memo = null;
  secretMemo = null;
}
