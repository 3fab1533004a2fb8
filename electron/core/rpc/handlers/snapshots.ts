// Snapshots of a guest: the list, and the writes, which are tasks started through the session's
// task writer (followed to their end, never sent twice); the description edit is a plain PUT.

import type { CallHandlers } from '../../../../shared/ipc';
import type { GuestResource, GuestType } from '../../../../shared/model';
import type { SnapshotTarget } from '../../../../shared/snapshots';
import {
  deleteSnapshot,
  getSnapshots,
  postRollback,
  postSnapshot,
  putSnapshotDescription,
} from '../../pve/snapshots';
import type { ProfileSession } from '../../session/profile-session';
import type { ProfileRegistry } from '../registry';

type SnapshotCalls =
  | 'snapshots.list'
  | 'snapshots.create'
  | 'snapshots.rollback'
  | 'snapshots.delete'
  | 'snapshots.update';

function noun(type: GuestType, vmid: number, session: ProfileSession): string {
  const g = session.resource(`${type}/${vmid}`) as GuestResource | undefined;
  return `${type === 'lxc' ? 'CT' : 'VM'} ${vmid}${g?.name ? ` (${g.name})` : ''}`;
}

function ref(a: SnapshotTarget) {
  return { node: a.node, type: a.type, vmid: a.vmid };
}

function taskType(type: GuestType, what: 'snapshot' | 'rollback' | 'delsnapshot'): string {
  return `${type === 'qemu' ? 'qm' : 'vz'}${what}`;
}

export function snapshotHandlers(registry: ProfileRegistry): Pick<CallHandlers, SnapshotCalls> {
  return {
    'snapshots.list': async (a) => {
      const s = registry.session(a.profileId);
      return getSnapshots(s.api, ref(a));
    },
    'snapshots.create': async (a) => {
      const s = registry.session(a.profileId);
      return s.writes.start({
        guest: ref(a),
        types: [taskType(a.type, 'snapshot')],
        label: `Snapshot ${noun(a.type, a.vmid, s)}: ${a.name}`,
        send: () =>
          postSnapshot(s.api, ref(a), {
            name: a.name,
            ...(a.description !== undefined ? { description: a.description } : {}),
            ...(a.vmstate !== undefined ? { vmstate: a.vmstate } : {}),
          }),
      });
    },
    'snapshots.rollback': async (a) => {
      const s = registry.session(a.profileId);
      return s.writes.start({
        guest: ref(a),
        types: [taskType(a.type, 'rollback')],
        label: `Roll back ${noun(a.type, a.vmid, s)} to ${a.name}`,
        send: () => postRollback(s.api, ref(a), a.name, a.start === true),
      });
    },
    'snapshots.delete': async (a) => {
      const s = registry.session(a.profileId);
      return s.writes.start({
        guest: ref(a),
        types: [taskType(a.type, 'delsnapshot')],
        label: `Delete snapshot ${a.name} of ${noun(a.type, a.vmid, s)}`,
        send: () => deleteSnapshot(s.api, ref(a), a.name, a.force === true),
      });
    },
    'snapshots.update': async (a) => {
      const s = registry.session(a.profileId);
      await putSnapshotDescription(s.api, ref(a), a.name, a.description);
    },
  };
}
