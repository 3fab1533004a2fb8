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

/** What a job does to each guest: a power action, or a snapshot or backup with its parameters. */
export type BulkJobKind = BulkAction | 'snapshot' | 'backup';

/** What bulk.run takes beside the guests. */
export type BulkSpec =
  | { action: BulkAction }
  | { action: 'snapshot'; snapshot: BulkSnapshotParams }
  | { action: 'backup'; backup: BulkBackupParams };

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
