import { createContext, useContext } from 'react';
import type { FieldbookDB } from '../../db';
import type { SessionId } from '../../domain';
import type { RecipientData } from '../../share/recipient-data';
import { openRecipientRegistry } from '../../share/recipient-store';

/** The anonymous recipient on this device: its session id and its registry of opened links. */
export interface Recipient {
  readonly sessionId: SessionId;
  readonly registry: FieldbookDB;
}

export const RecipientContext = createContext<Recipient | null>(null);

export function useRecipient(): Recipient {
  const value = useContext(RecipientContext);
  if (value === null) throw new Error('useRecipient outside the recipient layout');
  return value;
}

/** One opened link's device data and sync loops; only inside `/s/:linkId`. */
export const RecipientLinkContext = createContext<RecipientData | null>(null);

export function useRecipientLink(): RecipientData {
  const value = useContext(RecipientLinkContext);
  if (value === null) throw new Error('useRecipientLink outside the recipient link layout');
  return value;
}

// The registry is tiny and read on every recipient screen: opened once per session and kept.
let registry: { sessionId: SessionId; db: FieldbookDB } | null = null;

export function registryFor(sessionId: SessionId): FieldbookDB {
  if (registry?.sessionId !== sessionId) registry = { sessionId, db: openRecipientRegistry(sessionId) };
  return registry.db;
}
