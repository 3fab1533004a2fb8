// Bulk migration: one guest's migration as the single-guest call sends it (online for a running
// VM, restart mode with its timeout for a running CT, local disks, target storage; an HA-managed
// guest's request runs as `hamigrate`), and the cluster bulk endpoint's request (PVE 9.0.13+:
// `target`, `vms`, `online`, `with-local-disks`, `max-workers`), used only when the job asks for
// nothing it lacks (a target storage, a restart timeout other than 180 s).
//
// A node's "Migrate all" is this same job over the node's guests, not POST /nodes/{node}/migrateall:
// that worker waits on the migration PIDs and ends OK whatever each migration's result, so it
// cannot give a row per guest with PVE's message, and it needs max-workers or datacenter.cfg's.

import { z } from 'zod';
import { LXC_RESTART_TIMEOUT, type BulkMigrateParams } from '../../../shared/bulk';
import type { GuestRef, GuestResource, TaskInfo } from '../../../shared/model';
import type { PveParams } from '../pve/form';
import { postMigrate } from '../pve/migrate';
import type { ProfileSession } from '../session/profile-session';

function guestOf(session: ProfileSession, ref: GuestRef): GuestResource | undefined {
  return session.resource(`${ref.type}/${ref.vmid}`) as GuestResource | undefined;
}

function noun(session: ProfileSession, ref: GuestRef): string {
  const g = guestOf(session, ref);
  return `${ref.type === 'lxc' ? 'CT' : 'VM'} ${ref.vmid}${g?.name ? ` (${g.name})` : ''}`;
}

/** Whether the cluster bulk endpoint can carry this job's options. */
export function clusterBulkCanMigrate(p: BulkMigrateParams): boolean {
  return (
    p.targetStorage === undefined &&
    (p.restartTimeout === undefined || p.restartTimeout === LXC_RESTART_TIMEOUT)
  );
}

/** POST /cluster/bulk-action/guest/migrate's parameters. */
export function clusterMigrateParams(refs: readonly GuestRef[], p: BulkMigrateParams): PveParams {
  return {
    target: p.target,
    vms: refs.map((r) => r.vmid),
    online: p.online,
    ...(p.withLocalDisks !== undefined ? { 'with-local-disks': p.withLocalDisks } : {}),
    'max-workers': p.maxWorkers ?? 1,
  };
}

export function postClusterMigrate(
  session: ProfileSession,
  refs: readonly GuestRef[],
  p: BulkMigrateParams,
): Promise<string> {
  return session.api.post(
    '/cluster/bulk-action/guest/migrate',
    z.string(),
    clusterMigrateParams(refs, p),
  );
}

/** One request for a profile's guests, followed as its one task (types of 9.0.13 and 9.0.17+). */
export function startClusterMigrate(
  session: ProfileSession,
  refs: readonly GuestRef[],
  p: BulkMigrateParams,
): Promise<TaskInfo> {
  const first = refs[0]!;
  const n = refs.length;
  return session.writes.start({
    guest: { node: first.node, type: first.type, vmid: first.vmid },
    guestless: true,
    taskId: '',
    types: ['bulkmigrate', 'bulk-migrate'],
    label: `Migrate ${String(n)} guest${n === 1 ? '' : 's'} to ${p.target} (cluster bulk action)`,
    send: () => postClusterMigrate(session, refs, p),
  });
}

/** One guest's migration, sent once through the session's task writer. */
export function bulkMigrateOne(
  session: ProfileSession,
  ref: GuestRef,
  p: BulkMigrateParams,
): Promise<TaskInfo> {
  const g = guestOf(session, ref);
  const running = g?.status === 'running';
  const ha = g?.hastate !== undefined && g.hastate !== '';
  const guest = { node: ref.node, type: ref.type, vmid: ref.vmid };
  const online = p.online && running;
  return session.writes.start({
    guest,
    types: ha ? ['hamigrate'] : [ref.type === 'qemu' ? 'qmigrate' : 'vzmigrate'],
    label: `${ha ? 'HA migrate' : 'Migrate'} ${noun(session, ref)} to ${p.target}`,
    send: () =>
      postMigrate(session.api, guest, {
        target: p.target,
        ...(ref.type === 'qemu' && online ? { online: true } : {}),
        ...(ref.type === 'lxc' && online ? { restart: true } : {}),
        ...(ref.type === 'lxc' && online && p.restartTimeout !== undefined
          ? { restartTimeout: p.restartTimeout }
          : {}),
        ...(ref.type === 'qemu' && p.withLocalDisks ? { withLocalDisks: true } : {}),
        ...(p.targetStorage !== undefined ? { targetStorage: p.targetStorage } : {}),
      }),
  });
}
