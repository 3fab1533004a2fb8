// Migrating and removing a guest: the precondition read, and the two writes, tasks started
// through the session's task writer (followed to their end, never sent twice).

import type { CallHandlers } from '../../../../shared/ipc';
import type { GuestResource, GuestType } from '../../../../shared/model';
import type { GuestTarget } from '../../../../shared/migrate';
import { deleteGuest, getMigratePrecondition, postMigrate } from '../../pve/migrate';
import type { ProfileSession } from '../../session/profile-session';
import type { ProfileRegistry } from '../registry';

type MigrateCalls = 'migrate.precondition' | 'migrate.run' | 'guest.delete';

function noun(type: GuestType, vmid: number, session: ProfileSession): string {
  const g = session.resource(`${type}/${vmid}`) as GuestResource | undefined;
  return `${type === 'lxc' ? 'CT' : 'VM'} ${vmid}${g?.name ? ` (${g.name})` : ''}`;
}

function ref(a: GuestTarget) {
  return { node: a.node, type: a.type, vmid: a.vmid };
}

export function migrateHandlers(registry: ProfileRegistry): Pick<CallHandlers, MigrateCalls> {
  return {
    'migrate.precondition': async (a) => {
      const s = registry.session(a.profileId);
      return getMigratePrecondition(s.api, ref(a), a.target);
    },
    'migrate.run': async (a) => {
      const s = registry.session(a.profileId);
      const g = s.resource(`${a.type}/${a.vmid}`) as GuestResource | undefined;
      const ha = g?.hastate !== undefined && g.hastate !== '';
      return s.writes.start({
        guest: ref(a),
        // An HA-managed guest's request runs as `hamigrate`; the CRM's migration follows.
        types: ha ? ['hamigrate'] : [a.type === 'qemu' ? 'qmigrate' : 'vzmigrate'],
        label: `${ha ? 'HA migrate' : 'Migrate'} ${noun(a.type, a.vmid, s)} to ${a.target}`,
        send: () =>
          postMigrate(s.api, ref(a), {
            target: a.target,
            ...(a.online !== undefined ? { online: a.online } : {}),
            ...(a.restart !== undefined ? { restart: a.restart } : {}),
            ...(a.withLocalDisks !== undefined ? { withLocalDisks: a.withLocalDisks } : {}),
            ...(a.targetStorage !== undefined ? { targetStorage: a.targetStorage } : {}),
          }),
      });
    },
    'guest.delete': async (a) => {
      const s = registry.session(a.profileId);
      return s.writes.start({
        guest: ref(a),
        types: [a.type === 'qemu' ? 'qmdestroy' : 'vzdestroy'],
        label: `Destroy ${noun(a.type, a.vmid, s)}`,
        send: () =>
          deleteGuest(s.api, ref(a), {
            ...(a.purge !== undefined ? { purge: a.purge } : {}),
            ...(a.destroyUnreferencedDisks !== undefined
              ? { destroyUnreferencedDisks: a.destroyUnreferencedDisks }
              : {}),
          }),
      });
    },
  };
}
