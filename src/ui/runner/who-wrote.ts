import { deviceId } from '../../sync/device';

/** Who wrote an entry, as the runner says it: "you, on this device", "another person (1a2b3c4d)". */
export function whoWrote(by: string, device: string, userId: string): string {
  if (device === deviceId()) return 'you, on this device';
  if (by === userId) return 'you, on another device';
  return `another person (${by.slice(0, 8)})`;
}
