/**
 * Websocket close codes of `/yjs/<room>` (sync-server/API.md "Websocket", DESIGN §5).
 * 4400–4499 are permanent: the client stops retrying until something changes (a new sign-in
 * for 4401, the instance record sent for 4404). Everything else here is transient: the client
 * reconnects.
 */
export const CLOSE_CODES = {
  /** The caller's access changed (the instance was finished): reconnect to get the new access. */
  accessChanged: 4100,
  badMessage: 4400,
  unauthenticated: 4401,
  forbidden: 4403,
  unknownRoom: 4404,
  linkGone: 4410,
  tooLarge: 4413,
  rateLimited: 4429,
} as const;
export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

/** The standard codes the relay closes with (RFC 6455 §7.4.1); all transient: clients retry. */
export const TRANSIENT_CLOSE = {
  /** The relay is shutting down. */
  goingAway: 1001,
  /** The relay failed (a room that would not load, a send that failed, authorization down). */
  internal: 1011,
  /** Storage is failing (relay SPEC R13): the write was not applied; the client keeps it. */
  tryAgainLater: 1013,
} as const;
export type TransientCloseCode = (typeof TRANSIENT_CLOSE)[keyof typeof TRANSIENT_CLOSE];

export const isPermanentClose = (code: number): boolean => code >= 4400 && code <= 4499;
