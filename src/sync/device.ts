/** localStorage key of this device's stable id (one per browser profile, shared by its users). */
export const DEVICE_STORAGE_KEY = 'fieldbook.device';

const DEVICE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * This device's id: made once, kept in localStorage. Completion entries and awareness carry it
 * so two tablets of one crew can be told apart (completion SPEC R1 needs `[A-Za-z0-9_-]{1,64}`).
 */
export function deviceId(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage): string {
  try {
    const stored = storage?.getItem(DEVICE_STORAGE_KEY);
    if (stored && DEVICE_ID.test(stored)) return stored;
  } catch {
    // storage blocked: fall through to a per-session id
  }
  const made = crypto.randomUUID().replaceAll('-', '');
  try {
    storage?.setItem(DEVICE_STORAGE_KEY, made);
  } catch {
    // a per-session id still keeps this session's entries apart
  }
  return made;
}
