import { activityEventSchema } from '../domain';
import type { ActivityEvent } from '../domain';
import { encodeId, insertIfAbsent } from './record-kind';
import type { RecordKindRules } from './record-kind';

/**
 * Activity events are immutable facts with deterministic ids where the fact is unique
 * (`activityIdFor`), so two devices recording it produce one event: insert-if-absent everywhere.
 */
export const activityRecord: RecordKindRules<ActivityEvent, 'activity'> = {
  schema: activityEventSchema,
  table: 'activity',
  label: 'Activity entry',
  supersedable: false,
  route: (id) => `/api/activity/${encodeId(id)}`,
  mergeLocal: insertIfAbsent,
  mergeRemote: (remote, local) => Promise.resolve(insertIfAbsent(remote, local)),
  mergeOnRelay: (_incoming, stored) => stored,
};
