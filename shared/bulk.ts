// Bulk power actions on many guests: one job, a row per guest (queued, running, OK, failed with
// PVE's message, cancelled), run by core with a concurrency limit per profile.

import type { GuestRef } from './model';

export const BULK_ACTIONS = ['start', 'shutdown', 'stop', 'reboot', 'suspend'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

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
  action: BulkAction;
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
export function isDestructiveBulk(action: BulkAction): boolean {
  return action === 'stop';
}

export function bulkActionLabel(action: BulkAction): string {
  return action === 'shutdown' ? 'Shut down' : action[0]!.toUpperCase() + action.slice(1);
}
