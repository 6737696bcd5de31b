/**
 * Which relay answers refuse a file for good (it stays on the device, marked refused with a
 * reason a person can act on) rather than for now (it stays pending and is tried again).
 * The relay's contract (DESIGN §5.1): 413 over MAX_FILE_BYTES, 415 for a type it does not
 * accept, and a quota error (code containing "quota"; 507 Insufficient Storage counts too).
 */
export interface Refusal {
  readonly code: string;
  readonly reason: string;
}

const MB = 1024 * 1024;

/** The relay's `{error: {code, message}}` body, when it sent one. */
function errorBody(body: string): { code?: string; message?: string } {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
      const error = parsed.error;
      if (typeof error === 'object' && error !== null) {
        const { code, message } = error as { code?: unknown; message?: unknown };
        return { ...(typeof code === 'string' ? { code: code.slice(0, 64) } : {}), ...(typeof message === 'string' ? { message: message.slice(0, 300) } : {}) };
      }
    }
  } catch {
    // Not JSON (tus servers answer some errors in plain text): the status decides.
  }
  return {};
}

/** A refusal for good, or undefined when the answer is worth another try later. */
export function refusalFor(status: number, body: string, file: { mime: string; size: number }): Refusal | undefined {
  const { code } = errorBody(body);
  if ((code !== undefined && /quota/i.test(code)) || status === 507) {
    return { code: code ?? 'quota_exceeded', reason: 'Your storage space on the relay is full. Ask an admin to raise the quota or remove old files.' };
  }
  if (status === 413) {
    return { code: code ?? 'file_too_large', reason: `This file (${(file.size / MB).toFixed(1)} MB) is larger than the relay accepts.` };
  }
  if (status === 415) {
    return { code: code ?? 'unsupported_type', reason: `The relay does not accept files of type ${file.mime}.` };
  }
  return undefined;
}
