import { ERROR_CODES } from '../../../src/protocol';
import type { Instance } from '../../../src/domain';
import type { Caller } from '../auth/authenticate';
import type { RecordQuotas } from '../config';
import { HttpError } from '../errors';
import { createWindowLimiter } from '../shares/failure-limiter';

/**
 * Caps on what one caller may create over HTTP (API.md "Quotas"), checked inside the write's
 * transaction before anything is stored and counted only once it is. Replaying a write the relay
 * already has never counts and is never refused, so a device's outbox always drains what it sent.
 *
 * - instances per share-link session, in total: `403 quota_exceeded` (permanent; the app shows it);
 * - submitted forms per grant (session + link) per minute: `429 quota_exceeded` with Retry-After;
 * - instances per member per hour: `429 quota_exceeded` with Retry-After.
 * The windows live in memory: a restart forgets them (the session total is counted in SQLite).
 */
export interface RecordQuotaGuard {
  /** Before creating `instance`; `sessionInstances` counts the session's stored instances. */
  checkNewInstance(caller: Caller, sessionInstances: () => number): void;
  /** Before storing `next` over `previous` (undefined: new). */
  checkSubmission(caller: Caller, previous: Instance | undefined, next: Instance): void;
  /** After the instance was stored (same transaction). */
  stored(caller: Caller, previous: Instance | undefined, next: Instance): void;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const newlySubmitted = (previous: Instance | undefined, next: Instance): boolean =>
  next.status === 'submitted' && previous?.status !== 'submitted';

const grantKey = (caller: Caller & { kind: 'session' }): string => `${caller.shareLinkId}\u0000${caller.sessionId}`;

function tooMany(wait: number, message: string): HttpError {
  return new HttpError(429, ERROR_CODES.quotaExceeded, `${message}; try again in ${wait} s`, undefined, { 'retry-after': String(wait) });
}

export function createRecordQuotaGuard(quotas: RecordQuotas, now: () => number): RecordQuotaGuard {
  const submissions = createWindowLimiter({ max: quotas.submissionsPerGrantPerMinute, windowMs: MINUTE }, now);
  const memberInstances = createWindowLimiter({ max: quotas.instancesPerMemberPerHour, windowMs: HOUR }, now);
  return {
    checkNewInstance(caller, sessionInstances) {
      if (caller.kind === 'session') {
        if (sessionInstances() >= quotas.instancesPerSession) {
          throw new HttpError(403, ERROR_CODES.quotaExceeded, `A share link session may start at most ${quotas.instancesPerSession} runs`);
        }
        return;
      }
      const wait = memberInstances.retryAfter(caller.user.id);
      if (wait > 0) throw tooMany(wait, `At most ${quotas.instancesPerMemberPerHour} new runs per hour per account`);
    },
    checkSubmission(caller, previous, next) {
      if (caller.kind !== 'session' || !newlySubmitted(previous, next)) return;
      const wait = submissions.retryAfter(grantKey(caller));
      if (wait > 0) throw tooMany(wait, `At most ${quotas.submissionsPerGrantPerMinute} forms per minute through one link`);
    },
    stored(caller, previous, next) {
      if (caller.kind === 'session') {
        if (newlySubmitted(previous, next)) submissions.hit(grantKey(caller));
      } else if (!previous) {
        memberInstances.hit(caller.user.id);
      }
    },
  };
}
