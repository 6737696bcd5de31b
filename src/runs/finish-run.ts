import { abandon, finish } from '../completion';
import type { FinishRefusal, OpenInstance } from '../completion';
import type { Instance } from '../domain';
import type { EditTracker } from './edit-tracker';

/** The parts of an open run finishing needs. */
export interface FinishableRun {
  readonly session: OpenInstance;
  readonly tracker: EditTracker;
}

/**
 * Finish the run (complete or submit): first every change made so far is stored (the tracker
 * may still hold a control's newest value), then `check` (a form validating every field) may
 * stop it, which answers null and writes nothing; then the finished row and its event are
 * written together (completion S4). A refusal (required parts open, invalid answers) is
 * answered; a storage failure is thrown (`runErrorMessage` puts it in words).
 */
export async function finishRun(run: FinishableRun, check?: () => boolean): Promise<{ ok: true; instance: Instance } | FinishRefusal | null> {
  await run.tracker.idle();
  if (check !== undefined && !check()) return null;
  return finish(run.session);
}

/** Abandon the run with a reason once every change so far is stored (completion S6, SPEC R18). */
export async function abandonRun(run: FinishableRun, reason: string): ReturnType<typeof abandon> {
  await run.tracker.idle();
  return abandon(run.session, reason);
}
