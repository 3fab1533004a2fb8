// Bulk power actions on many guests: one job, a row per guest (queued, running, OK, failed with
// PVE's message, cancelled), run by core with a concurrency limit per profile.

import type { BackupCompress, BackupMode } from './backups';
import type { GuestRef } from './model';

export const BULK_ACTIONS = ['start', 'shutdown', 'stop', 'reboot', 'suspend'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** Snapshot for many: one name for all (PVE's configid rule), RAM only where it applies. */
export interface BulkSnapshotParams {
  name: string;
  description?: string;
  /** qemu guests that run: save the RAM too; ignored for containers and stopped VMs */
  vmstate?: boolean;
}

/** Back up many: one vzdump per guest, to a storage every guest's node sees. */
export interface BulkBackupParams {
  storage: string;
  mode: BackupMode;
  compress?: BackupCompress;
}

/**
 * Migrate many to one node of their cluster. `online` is PVE's bulk flag: running VMs live,
 * running containers in restart mode (with `restartTimeout`); stopped guests go offline either
 * way. A target storage or a restart timeout other than PVE's 180 s makes the job per guest
 * (the cluster bulk endpoint has neither).
 */
export interface BulkMigrateParams {
  target: string;
  online: boolean;
  /** lxc restart mode: seconds to wait for the container's shutdown (PVE's default 180) */
  restartTimeout?: number;
  /** qemu: copy local disks (needed for a running VM that has them) */
  withLocalDisks?: boolean;
  /** storage for the local disks on the target (default: the same storage id) */
  targetStorage?: string;
  /** at most this many migrations at once (PVE's max-workers, 1 to 64; default 1) */
  maxWorkers?: number;
}

/** PVE's default shutdown wait of a container's restart-mode migration (pve-container). */
export const LXC_RESTART_TIMEOUT = 180;

/** What a job does to each guest: a power action, or a snapshot, backup or migration. */
export type BulkJobKind = BulkAction | 'snapshot' | 'backup' | 'migrate';

/** What bulk.run takes beside the guests. */
export type BulkSpec =
  | { action: BulkAction }
  | { action: 'snapshot'; snapshot: BulkSnapshotParams }
  | { action: 'backup'; backup: BulkBackupParams }
  | { action: 'migrate'; migrate: BulkMigrateParams };

export function isPowerBulk(action: BulkJobKind): action is BulkAction {
  return (BULK_ACTIONS as readonly string[]).includes(action);
}

export type BulkItemState = 'queued' | 'running' | 'ok' | 'failed' | 'cancelled';

export interface BulkItem {
  /** `profileId/type/vmid`, unique within a job */
  key: string;
  ref: GuestRef;
  /** e.g. "Shutdown CT 101 (proxy01)" */
  label: string;
  state: BulkItemState;
  /** PVE's message when failed; "Cancelled" when cancelled before it started */
  message?: string;
  /** The task's UPID once PVE answered */
  upid?: string;
}

export interface BulkJob {
  jobId: string;
  action: BulkJobKind;
  items: BulkItem[];
  /** Nothing queued or running */
  done: boolean;
  /** Grows with each change: the newest of a result and events wins */
  rev: number;
}

/** Most guests of one profile acted on at once. */
export const BULK_CONCURRENCY_PER_PROFILE = 4;

export function bulkItemKey(ref: GuestRef): string {
  return `${ref.profileId}/${ref.type}/${ref.vmid}`;
}

/** Actions that lose a guest's running state without asking it: confirmed first. */
export function isDestructiveBulk(action: BulkJobKind): boolean {
  return action === 'stop';
}

export function bulkActionLabel(action: BulkJobKind): string {
  if (action === 'backup') return 'Back up';
  return action === 'shutdown' ? 'Shut down' : action[0]!.toUpperCase() + action.slice(1);
}
