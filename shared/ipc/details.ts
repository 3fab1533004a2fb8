// The detail calls: addresses, live stats and charts, snapshots, configuration, storage and
// backups.

import type { AddressSnapshot, GuestAddresses } from '../addresses';
import type {
  BackupCompress,
  BackupJob,
  BackupList,
  BackupMode,
  StorageInfo,
  StorageVolume,
} from '../backups';
import type {
  ConfigTarget,
  ConfigUpdateResult,
  GuestConfig,
  OptionChanges,
  RevertKey,
} from '../config';
import type { GuestRef, TaskInfo } from '../model';
import type { SnapshotList, SnapshotTarget } from '../snapshots';
import type { NodeService, RrdCf, RrdSeries, RrdTimeframe, StatsTarget } from '../stats';

/** The tasks a backup run started, and the nodes where it could not start (and why). */
export interface BackupRunResult {
  tasks: TaskInfo[];
  failures: { node: string; message: string }[];
}

export interface DetailCalls {
  // ---- addresses: the profile's address index (changes arrive as 'addresses' events) ----
  /** Every guest's and node's addresses the index holds, with the seq events continue from. */
  'addresses.snapshot': { args: { profileId: string }; result: AddressSnapshot };
  /** One guest's addresses, read again now unless fresh (the detail view); null: none known. */
  'addresses.guest': {
    args: { profileId: string; guestId: string };
    result: GuestAddresses | null;
  };
  // ---- live stats: a watch is owned by the window that made it (gone with it) ----
  /** Read the guest's status/current (the node's status) every second; samples come as 'stats'. */
  'stats.watch': { args: StatsTarget; result: { watchId: string } };
  'stats.unwatch': { args: { watchId: string }; result: void };
  /** The guest's or node's rrddata for one timeframe and consolidation function. */
  'stats.rrd': { args: StatsTarget & { timeframe: RrdTimeframe; cf: RrdCf }; result: RrdSeries };
  /** The node's system services and their state. */
  'stats.services': { args: { profileId: string; node: string }; result: NodeService[] };
  // ---- snapshots: writes are tasks, followed like power actions (never sent twice) ----
  'snapshots.list': { args: SnapshotTarget; result: SnapshotList };
  /** Take a snapshot; `vmstate` (save the RAM) for VMs only. Resolves with its task. */
  'snapshots.create': {
    args: SnapshotTarget & { name: string; description?: string; vmstate?: boolean };
    result: TaskInfo;
  };
  /** Roll back to a snapshot (`start` after it; a RAM snapshot always starts the VM). */
  'snapshots.rollback': {
    args: SnapshotTarget & { name: string; start?: boolean };
    result: TaskInfo;
  };
  /** Delete a snapshot; `force` drops it from the config even when its volumes fail to go. */
  'snapshots.delete': {
    args: SnapshotTarget & { name: string; force?: boolean };
    result: TaskInfo;
  };
  /** Change a snapshot's description (PUT …/snapshot/{name}/config, no task). */
  'snapshots.update': {
    args: SnapshotTarget & { name: string; description: string };
    result: void;
  };
  // ---- guest options (shared/config.ts): one PUT with the digest read, never sent twice ----
  'config.get': { args: ConfigTarget; result: GuestConfig };
  /** Write changes; a stale digest answers `conflict` with the fresh config and what changed. */
  'config.update': {
    args: ConfigTarget & { changes: OptionChanges; digest: string };
    result: ConfigUpdateResult;
  };
  /** Drop pending changes of these options (they stay as the running guest has them). */
  'config.revert': {
    args: ConfigTarget & { keys: RevertKey[]; digest?: string };
    result: GuestConfig;
  };
  /** Remove a VM's stale lock (`delete=lock`, `skiplock`: root@pam only, as PVE rules). */
  'config.unlock': { args: ConfigTarget; result: GuestConfig };
  // ---- storages and backups (shared/backups.ts); the writes are followed tasks ----
  /** A node's storages (all online nodes' without `node`; a shared storage listed once). */
  'storage.list': {
    args: { profileId: string; node?: string; content?: string };
    result: StorageInfo[];
  };
  /** A storage's content as the node sees it, newest first. */
  'storage.content': {
    args: { profileId: string; node: string; storage: string; content?: string };
    result: StorageVolume[];
  };
  /** A guest's backups on every backup storage its node sees, newest first. */
  'backups.list': { args: GuestRef; result: BackupList };
  /** Back up now: one vzdump task per node of the guests given. */
  'backups.create': {
    args: {
      profileId: string;
      guests: Pick<GuestRef, 'node' | 'type' | 'vmid'>[];
      storage: string;
      mode: BackupMode;
      compress?: BackupCompress;
      notesTemplate?: string;
      protected?: boolean;
    };
    result: BackupRunResult;
  };
  /** Restore a backup as guest `vmid` on `node` (`force`: over the existing guest of that id). */
  'backups.restore': {
    args: {
      profileId: string;
      node: string;
      volid: string;
      type: GuestRef['type'];
      vmid: number;
      force?: boolean;
      storage?: string;
      start?: boolean;
      unique?: boolean;
    };
    result: TaskInfo;
  };
  /** Delete a backup volume (refused by PVE when protected: the task fails with its message). */
  'backups.delete': { args: { profileId: string; node: string; volid: string }; result: TaskInfo };
  /** The next free guest id (/cluster/nextid). */
  'backups.nextId': { args: { profileId: string }; result: number };
  /** The cluster's backup jobs, each with its last run's result per guest. */
  'backups.jobs': { args: { profileId: string }; result: BackupJob[] };
  /** Run a job now: its settings sent to vzdump on each online node (or the job's node). */
  'backups.runJob': { args: { profileId: string; id: string }; result: BackupRunResult };
}

export const DETAIL_CALL_NAMES = [
  'addresses.snapshot',
  'addresses.guest',
  'stats.watch',
  'stats.unwatch',
  'stats.rrd',
  'stats.services',
  'snapshots.list',
  'snapshots.create',
  'snapshots.rollback',
  'snapshots.delete',
  'snapshots.update',
  'config.get',
  'config.update',
  'config.revert',
  'config.unlock',
  'storage.list',
  'storage.content',
  'backups.list',
  'backups.create',
  'backups.restore',
  'backups.delete',
  'backups.nextId',
  'backups.jobs',
  'backups.runJob',
] as const satisfies readonly (keyof DetailCalls)[];
