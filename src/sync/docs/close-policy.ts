/**
 * What a websocket close code means to this device (SPEC D10–D12; codes: DESIGN §5,
 * `CLOSE_CODES` in src/protocol/close-codes.ts).
 *
 * - 4400–4499 are *refusals*: the relay decided and a retry cannot help, so the connection stops
 *   (stock y-websocket would retry forever unless told) and the refusal is kept in the marker.
 * - Of those, 4404 (unknown room: the record may not have reached the relay yet) and 4401 (not
 *   authenticated: a new sign-in fixes it) are not *sticky*: they are tried again once the
 *   record is sent or the session resumes, and not kept across page loads. The others (4400
 *   bad message, 4403 not allowed, 4410 link gone, 4413 too large, 4429 rate limited) stay
 *   until the user asks for a retry.
 * - Everything else (4100 access changed, 1001 going away, 1011 internal, 1013 try again later,
 *   1006 network) is transient: y-websocket reconnects with its backoff and the current token.
 */
import { CLOSE_CODES, isPermanentClose } from '../../protocol';

export { isPermanentClose };

/** Refusals that a later attempt (new page load, sent record, new sign-in) may overcome are not sticky. */
export const isStickyRefusal = (code: number): boolean => code !== CLOSE_CODES.unknownRoom && code !== CLOSE_CODES.unauthenticated;

/** The relay refused the token: the person must sign in again (D12). */
export const endsSession = (code: number): boolean => code === CLOSE_CODES.unauthenticated;

/** A room refused as unknown may exist once its instance record has reached the relay (D11). */
export const awaitsRecord = (code: number | undefined): boolean => code === CLOSE_CODES.unknownRoom;
