import { createContext, useContext } from 'react';
import type { ApiClient } from '../sync/api-client';
import type { SessionStore } from '../sync/session';

/** The long-lived, user-independent pieces the screens talk to. Made once in main.tsx. */
export interface Services {
  readonly api: ApiClient;
  readonly session: SessionStore;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (services === null) throw new Error('useServices outside <ServicesContext>');
  return services;
}
