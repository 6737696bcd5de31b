import { openFieldbookDB } from '../db';
import type { FieldbookDB } from '../db';
import type { UserId } from '../domain';
import type { ApiClient } from './api-client';
import { createPuller } from './puller';
import type { Puller, PullResult } from './puller';
import { databaseNameFor } from './session';

/** Everything that belongs to one signed-in person on this device. */
export interface UserData {
  readonly userId: UserId;
  readonly db: FieldbookDB;
  readonly puller: Puller;
  /** Stop syncing and close the database. The database itself stays on the device. */
  close(): void;
}

export function openUserData(options: { userId: UserId; api: ApiClient; onChange?: (result: PullResult) => void }): UserData {
  const db = openFieldbookDB(databaseNameFor(options.userId));
  const puller = createPuller({ db, api: options.api, ...(options.onChange ? { onChange: options.onChange } : {}) });
  return {
    userId: options.userId,
    db,
    puller,
    close() {
      puller.stop();
      db.close();
    },
  };
}
