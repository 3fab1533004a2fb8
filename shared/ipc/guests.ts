// The guest calls: the resource list, power actions, bulk runs, tasks, migration and delete.

import type { BulkJob, BulkSpec } from '../bulk';
import type { DeleteArgs, GuestTarget, MigrateArgs, MigratePrecondition } from '../migrate';
import type { GuestRef, PowerAction, Resource, TaskInfo, TaskLogLine } from '../model';

export interface GuestCalls {
  /**
   * The current resources of a profile, with the sequence number deltas continue from. `stale`:
   * before the first refresh, the last state seen (at `savedAt`, kept on disk) and not live.
   */
  'resources.snapshot': {
    args: { profileId: string };
    result: { seq: number; items: Resource[]; stale?: { savedAt: number } };
  };
  /** Run a power action; resolves with the task as soon as PVE returned its UPID. */
  'guest.action': {
    args: GuestRef & {
      action: PowerAction;
      /** overruleShutdown (stop only): PVE aborts the guest's running shutdown tasks first */
      params?: { timeout?: number; forceStop?: boolean; overruleShutdown?: boolean };
    };
    result: TaskInfo;
  };
  // ---- bulk power actions: a job owned by the window that ran it; progress as 'bulk' events ----
  /** Run one power action, snapshot or backup on many guests (per guest, a few per profile at once). */
  'bulk.run': { args: { items: GuestRef[] } & BulkSpec; result: BulkJob };
  /** Cancel the job's queued items (running ones go on). */
  'bulk.cancel': { args: { jobId: string }; result: BulkJob };
  /** Run the job's failed items again. */
  'bulk.retry': { args: { jobId: string }; result: BulkJob };
  /** Tasks this app follows plus the cluster's recent tasks, newest first. */
  'tasks.list': { args: { profileId: string }; result: TaskInfo[] };
  'tasks.log': {
    args: { profileId: string; upid: string; start?: number; limit?: number };
    result: { lines: TaskLogLine[]; total: number };
  };
  /** Stop a running task (DELETE …/tasks/{upid}); its end arrives as a 'task' event. */
  'tasks.stop': { args: { profileId: string; upid: string }; result: void };
  // ---- migration and removal (shared/migrate.ts); the writes are followed tasks ----
  /** GET …/migrate: allowed and refused nodes with the reasons, local disks and resources. */
  'migrate.precondition': {
    args: GuestTarget & { target?: string };
    result: MigratePrecondition;
  };
  /** Migrate (an HA-managed guest through HA: a `hamigrate` task). Resolves with its task. */
  'migrate.run': { args: MigrateArgs; result: TaskInfo };
  /** Destroy a guest (qmdestroy/vzdestroy); PVE refuses a protected or running one. */
  'guest.delete': { args: DeleteArgs; result: TaskInfo };
}

export const GUEST_CALL_NAMES = [
  'resources.snapshot',
  'guest.action',
  'bulk.run',
  'bulk.cancel',
  'bulk.retry',
  'tasks.list',
  'tasks.log',
  'tasks.stop',
  'migrate.precondition',
  'migrate.run',
  'guest.delete',
] as const satisfies readonly (keyof GuestCalls)[];
