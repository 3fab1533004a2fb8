// The per-guest writes of bulk snapshot and backup jobs: each one task started through the
// profile session's task writer (sent once, followed, in doubt on a lost reply), as the
// single-guest snapshot and backup calls do.

import { DeckhandError } from '../../../shared/errors';
import type { BulkBackupParams, BulkSnapshotParams } from '../../../shared/bulk';
import type { GuestRef, GuestResource, TaskInfo } from '../../../shared/model';
import { postVzdump } from '../pve/backups';
import { postSnapshot } from '../pve/snapshots';
import type { ProfileSession } from '../session/profile-session';

function guestOf(session: ProfileSession, ref: GuestRef): GuestResource | undefined {
  return session.resource(`${ref.type}/${ref.vmid}`) as GuestResource | undefined;
}

function noun(session: ProfileSession, ref: GuestRef): string {
  const g = guestOf(session, ref);
  return `${ref.type === 'lxc' ? 'CT' : 'VM'} ${ref.vmid}${g?.name ? ` (${g.name})` : ''}`;
}

/** One guest's snapshot; RAM only for a VM that runs (containers have none to save). */
export function bulkSnapshot(
  session: ProfileSession,
  ref: GuestRef,
  p: BulkSnapshotParams,
): Promise<TaskInfo> {
  const guest = { node: ref.node, type: ref.type, vmid: ref.vmid };
  const vmstate =
    p.vmstate === true && ref.type === 'qemu' && guestOf(session, ref)?.status === 'running';
  return session.writes.start({
    guest,
    types: [ref.type === 'qemu' ? 'qmsnapshot' : 'vzsnapshot'],
    label: `Snapshot ${noun(session, ref)}: ${p.name}`,
    send: () =>
      postSnapshot(session.api, guest, {
        name: p.name,
        ...(p.description ? { description: p.description } : {}),
        ...(vmstate ? { vmstate: true } : {}),
      }),
  });
}

/** One guest's backup: a vzdump of its vmid alone on its node. */
export function bulkBackup(
  session: ProfileSession,
  ref: GuestRef,
  p: BulkBackupParams,
): Promise<TaskInfo> {
  const guest = { node: ref.node, type: ref.type, vmid: ref.vmid };
  return session.writes.start({
    guest,
    taskId: String(ref.vmid),
    types: ['vzdump'],
    label: `Back up ${noun(session, ref)} to ${p.storage}`,
    send: async () => {
      const upid = await postVzdump(session.api, ref.node, {
        vmid: String(ref.vmid),
        storage: p.storage,
        mode: p.mode,
        ...(p.compress !== undefined ? { compress: p.compress } : {}),
        remove: false,
      });
      if (upid === undefined) {
        throw new DeckhandError({
          kind: 'not-found',
          message: `${noun(session, ref)} is not on ${ref.node} now: nothing was backed up`,
        });
      }
      return upid;
    },
  });
}
