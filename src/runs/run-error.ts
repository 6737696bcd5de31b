import { ReadOnlyError, StorageError } from '../completion';

/**
 * What the user is told when a change, a finish or an abandon could not be stored: the error's
 * own words where it has them (a full device, a finished run), else storage's words for it.
 */
export function runErrorMessage(error: unknown): string {
  return error instanceof StorageError || error instanceof ReadOnlyError ? error.message : StorageError.from(error).message;
}
