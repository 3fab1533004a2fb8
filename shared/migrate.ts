// Migration and removal of a guest as the contract carries them (spec §8): the precondition PVE
// answers (qemu's underscore keys and lxc's hyphen keys read into one shape), and the options of
// the two writes.

import type { GuestRef } from './model';

export type GuestTarget = Pick<GuestRef, 'node' | 'type' | 'vmid'> & { profileId: string };

export interface MigrateLocalDisk {
  volid: string;
  /** bytes, when PVE told */
  size?: number;
  /** e.g. scsi0, when attached */
  drive?: string;
  cdrom: boolean;
}

export interface MigrateNodeRefusal {
  node: string;
  /** why PVE would refuse this node, in words (e.g. "storage local-zfs is not available") */
  reasons: string[];
}

export interface MigratePrecondition {
  running: boolean;
  /** nodes PVE allows; undefined when it did not list them (PVE 7 for a running VM) */
  allowedNodes?: string[];
  notAllowed: MigrateNodeRefusal[];
  /** qemu only */
  localDisks: MigrateLocalDisk[];
  /** qemu only: local resources (PCI, USB…) that block migration */
  localResources: string[];
  /** HA resources that migrate along (positive affinity) */
  dependentHa: string[];
}

export interface MigrateArgs extends GuestTarget {
  target: string;
  /** qemu: live migration of a running VM */
  online?: boolean;
  /** lxc: restart mode for a running CT */
  restart?: boolean;
  /** qemu: storage for the local disks on the target (implies with-local-disks) */
  targetStorage?: string;
  /** qemu: copy local disks of a running VM */
  withLocalDisks?: boolean;
}

export interface DeleteArgs extends GuestTarget {
  /** drop it from backup and replication jobs, HA and ACLs (the dialog's default) */
  purge?: boolean;
  destroyUnreferencedDisks?: boolean;
}

/** PVE task types of these writes (qemu-server, pve-container fork_worker names). */
export const MIGRATE_TASK_TYPES: readonly string[] = ['qmigrate', 'vzmigrate', 'hamigrate'];
export const DELETE_TASK_TYPES: readonly string[] = ['qmdestroy', 'vzdestroy'];
