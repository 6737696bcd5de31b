import { instanceSchema, mergeInstance } from '../domain';
import type { Instance } from '../domain';
import { encodeId } from './record-kind';
import type { RecordKindRules } from './record-kind';

/**
 * Instance records merge by the status lattice (`mergeInstance`, commutative on status and
 * timestamps): status only moves up on the device, in the puller and on the relay. The first
 * argument leads on the fields that are not part of the lattice (title, progress at a tie), and
 * each side picks who leads.
 */
export const instanceRecord: RecordKindRules<Instance, 'instances'> = {
  schema: instanceSchema,
  table: 'instances',
  label: 'Run',
  // The stored row is the join of all its writes, so the latest entry carries all earlier ones.
  supersedable: true,
  route: (id) => `/api/instances/${encodeId(id)}`,
  // The new write leads: its title and progress at a tie win.
  mergeLocal: (incoming, stored) => (stored === undefined ? incoming : mergeInstance(incoming, stored)),
  // A local row with a write still waiting for the relay leads; otherwise the relay's copy does.
  mergeRemote: async (remote, local, localPending) => {
    if (local === undefined) return remote;
    return (await localPending()) ? mergeInstance(local, remote) : mergeInstance(remote, local);
  },
  // The stored replica leads: identity fields stay as created.
  mergeOnRelay: (incoming, stored) => mergeInstance(stored, incoming),
};
