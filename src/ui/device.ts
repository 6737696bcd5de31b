const KEY = 'fieldbook.device';
/** The completion model accepts `[A-Za-z0-9_-]{1,64}` as a device id (SPEC.md R8). */
const VALID = /^[A-Za-z0-9_-]{8,64}$/;

let memo: string | null = null;

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A stable random id for this browser profile: every write a device makes to an instance doc
 * carries it, so concurrent writes from two devices stay apart. Kept in localStorage; where
 * storage is blocked (private mode) the id lasts for this page's lifetime, which is still
 * correct, only less stable.
 */
export function deviceId(): string {
  if (memo !== null) return memo;
  let id: string | null = null;
  try {
    id = localStorage.getItem(KEY);
    if (id === null || !VALID.test(id)) {
      id = randomId();
      localStorage.setItem(KEY, id);
    }
  } catch {
    id ??= randomId();
  }
  memo = id;
  return id;
}
