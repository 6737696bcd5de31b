/**
 * SHA-256 as lowercase hex, with crypto.subtle (browser, worker and Node 20).
 *
 * crypto.subtle cannot stream: `digest` takes the whole input. Hashing a file chunk by chunk
 * and combining the chunk hashes would not be the SHA-256 of the file (the relay re-hashes the
 * whole upload and must agree), so large files are hashed whole. Memory cost: one copy of the
 * file's bytes while digesting (the caller already holds them to store the chunks; the
 * device's file limit, MAX_FILE_BYTES on the relay, default 25 MiB, bounds it). `sha256OfChunks`
 * joins stored chunks into one buffer for the same reason.
 */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const digest = await crypto.subtle.digest('SHA-256', view as Uint8Array<ArrayBuffer>);
  return toHex(new Uint8Array(digest));
}

/** The SHA-256 of the concatenation of `chunks` (one joined copy, see above). */
export async function sha256OfChunks(chunks: readonly ArrayBuffer[]): Promise<string> {
  return sha256Hex(concatChunks(chunks));
}

export function concatChunks(chunks: readonly ArrayBuffer[]): Uint8Array<ArrayBuffer> {
  const size = chunks.reduce((sum, c) => sum + c.byteLength, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(new Uint8Array(chunk), at);
    at += chunk.byteLength;
  }
  return out;
}

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
