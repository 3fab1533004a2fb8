// Human labels for tasks ("Start CT 101 (web01)"), from PVE task types (qmstart, vzstop, ...).

import type { GuestResource, GuestType, PowerAction } from '../../../shared/model';

const ACTION_VERB: Record<PowerAction, string> = {
  start: 'Start',
  shutdown: 'Shut down',
  stop: 'Stop',
  reboot: 'Reboot',
  suspend: 'Suspend',
  resume: 'Resume',
  reset: 'Reset',
};

function guestNoun(type: GuestType, vmid: number | string): string {
  return `${type === 'lxc' ? 'CT' : 'VM'} ${vmid}`;
}

export function actionLabel(
  action: PowerAction,
  type: GuestType,
  vmid: number,
  name?: string,
): string {
  return `${ACTION_VERB[action]} ${guestNoun(type, vmid)}${name ? ` (${name})` : ''}`;
}

// Task types as pve-manager's UI names them (proxmox-widget-toolkit Utils.js task_desc_table).
// `guest` is the guest type a task type is for; `anyGuest` marks tasks of either type (a backup),
// whose guest type only the cluster's resources tell.
const TASK_TYPES: Record<string, { verb: string; guest?: GuestType; anyGuest?: boolean }> = {
  qmstart: { verb: 'Start', guest: 'qemu' },
  qmstop: { verb: 'Stop', guest: 'qemu' },
  qmshutdown: { verb: 'Shut down', guest: 'qemu' },
  qmreboot: { verb: 'Reboot', guest: 'qemu' },
  qmsuspend: { verb: 'Hibernate', guest: 'qemu' },
  qmpause: { verb: 'Pause', guest: 'qemu' },
  qmresume: { verb: 'Resume', guest: 'qemu' },
  qmreset: { verb: 'Reset', guest: 'qemu' },
  qmcreate: { verb: 'Create', guest: 'qemu' },
  qmdestroy: { verb: 'Destroy', guest: 'qemu' },
  qmclone: { verb: 'Clone', guest: 'qemu' },
  qmigrate: { verb: 'Migrate', guest: 'qemu' },
  qmsnapshot: { verb: 'Snapshot', guest: 'qemu' },
  qmrollback: { verb: 'Roll back', guest: 'qemu' },
  qmdelsnapshot: { verb: 'Delete snapshot of', guest: 'qemu' },
  vzstart: { verb: 'Start', guest: 'lxc' },
  vzstop: { verb: 'Stop', guest: 'lxc' },
  vzshutdown: { verb: 'Shut down', guest: 'lxc' },
  vzreboot: { verb: 'Reboot', guest: 'lxc' },
  vzsuspend: { verb: 'Suspend', guest: 'lxc' },
  vzresume: { verb: 'Resume', guest: 'lxc' },
  vzcreate: { verb: 'Create', guest: 'lxc' },
  vzdestroy: { verb: 'Destroy', guest: 'lxc' },
  vzclone: { verb: 'Clone', guest: 'lxc' },
  vzmigrate: { verb: 'Migrate', guest: 'lxc' },
  vzsnapshot: { verb: 'Snapshot', guest: 'lxc' },
  vzrollback: { verb: 'Roll back', guest: 'lxc' },
  vzdelsnapshot: { verb: 'Delete snapshot of', guest: 'lxc' },
  vzdump: { verb: 'Back up', anyGuest: true },
  hastart: { verb: 'HA start' },
  hastop: { verb: 'HA stop' },
  hamigrate: { verb: 'HA migrate', anyGuest: true },
  vncproxy: { verb: 'Console' },
  vncshell: { verb: 'Shell' },
  termproxy: { verb: 'Console' },
  aptupdate: { verb: 'Update package database' },
  startall: { verb: 'Start all guests' },
  stopall: { verb: 'Stop all guests' },
};

/**
 * Which guests a task type is about: one type (`qmstart` → qemu), either (`vzdump`, a backup of a
 * VM or a container), or none (`aptupdate`). Unknown types go by PVE's prefixes.
 */
function taskGuestType(type: string): GuestType | 'any' | undefined {
  const known = TASK_TYPES[type];
  if (known) return known.guest ?? (known.anyGuest ? 'any' : undefined);
  if (type.startsWith('qm')) return 'qemu';
  if (type.startsWith('vz')) return 'lxc';
  return undefined;
}

/** Label for any task from its type and id, e.g. ("vzstart", "101", "web01") → "Start CT 101 (web01)". */
export function taskLabel(
  type: string,
  id: string,
  guest?: { type: GuestType; name?: string },
): string {
  const known = TASK_TYPES[type];
  const name = guest?.name ? ` (${guest.name})` : '';
  if (!known) return id ? `${type} ${id}${name}` : type;
  const gtype = known.guest ?? guest?.type;
  if (!id) return known.verb;
  if (gtype && /^\d+$/.test(id)) return `${known.verb} ${guestNoun(gtype, id)}${name}`;
  // A guest of either type not (yet) in the resources: the same form, without the type.
  if (known.anyGuest && /^\d+$/.test(id)) return `${known.verb} guest ${id}${name}`;
  return `${known.verb} ${id}${name}`;
}

/**
 * A cluster task's label and the guest it is about, from the resources as known now: a backup's
 * guest type comes from them (`vzdump` is for VMs and containers alike).
 */
export function labelTask(
  type: string,
  id: string,
  guestById: (guestId: string) => GuestResource | undefined,
): { label: string; guestId?: string } {
  const gtype = taskGuestType(type);
  if (!gtype || !/^\d+$/.test(id)) return { label: taskLabel(type, id) };
  const guest =
    gtype === 'any'
      ? (guestById(`qemu/${id}`) ?? guestById(`lxc/${id}`))
      : guestById(`${gtype}/${id}`);
  const guestId = guest?.id ?? (gtype === 'any' ? undefined : `${gtype}/${id}`);
  return { label: taskLabel(type, id, guest), ...(guestId ? { guestId } : {}) };
}
