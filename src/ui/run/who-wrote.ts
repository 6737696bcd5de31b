import { deviceId } from '../../sync/device';
import type { Names } from '../shared/hooks/use-members';

/**
 * Who wrote an entry, as the runner says it: "you, on this device", "you, on another device",
 * a member's name (or "a recipient via …" for the run's recipient, see RunPeople), else
 * "another person (1a2b3c4d)".
 */
export function whoWrote(by: string, device: string, userId: string, names: Names = new Map()): string {
  if (device === deviceId()) return 'you, on this device';
  if (by === userId) return 'you, on another device';
  return names.get(by) ?? `another person (${by.slice(0, 8)})`;
}
