// Guest snapshots as the contract carries them (spec §8): the list PVE returns, read into a tree
// by the renderer, and the one name rule (PVE's `pve-configid`, at most 40 characters) that both
// the renderer's form and the contract's argument check apply.

import type { GuestRef, GuestType } from './model';

export interface SnapshotEntry {
  name: string;
  /** '' when none */
  description: string;
  /** epoch s; absent when PVE sent none (or 0) */
  snaptime?: number;
  parent?: string;
  /** qemu: the RAM was saved with it (rolling back starts the VM) */
  vmstate: boolean;
  /** set while a task works on it, or left by one that failed: `prepare`, `delete` */
  snapstate?: string;
}

export interface SnapshotList {
  /** without the `current` pseudo entry */
  snapshots: SnapshotEntry[];
  /** "You are here": the snapshot the current state hangs from, and whether the guest runs */
  current: { parent?: string; running: boolean };
}

export type SnapshotTarget = GuestRef;

/** PVE task types of snapshot work (qemu-server, pve-container fork_worker names). */
export const SNAPSHOT_TASK_TYPES: readonly string[] = [
  'qmsnapshot',
  'qmdelsnapshot',
  'qmrollback',
  'vzsnapshot',
  'vzdelsnapshot',
  'vzrollback',
];

export const SNAPSHOT_NAME_MAX = 40;

/** What is wrong with a snapshot name, in words for the field; undefined when PVE accepts it. */
export function snapshotNameProblem(name: string, type?: GuestType): string | undefined {
  if (name.length === 0) return 'Give the snapshot a name';
  if (name.length > SNAPSHOT_NAME_MAX) return `At most ${SNAPSHOT_NAME_MAX} characters`;
  if (!/^[a-z]/i.test(name)) return 'Must start with a letter';
  if (!/^[a-z][a-z0-9_-]*$/i.test(name)) return 'Only letters, digits, - and _';
  if (name.length < 2) return 'At least 2 characters';
  // Reserved by qemu-server (`pending`, any case) and pve-container (`vzdump`).
  if (name === 'current') return "'current' is a reserved name";
  if (type === 'qemu' && name.toLowerCase() === 'pending') return "'pending' is a reserved name";
  if (type === 'lxc' && name === 'vzdump') return "'vzdump' is a reserved name";
  return undefined;
}
