import { useSyncExternalStore } from 'react';
import { isUpdateAvailable, onUpdateAvailable } from '../../../pwa/register';

export function useUpdateAvailable(): boolean {
  return useSyncExternalStore(onUpdateAvailable, isUpdateAvailable);
}
