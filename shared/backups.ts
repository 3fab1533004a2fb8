// Storages, their content and backups as the contract carries them (spec §8), and the pure rules
// both sides use: PVE's backup volume ids (file archives and PBS snapshots) read into what they
// name, and vzdump's notes-template variables.

import type { GuestType } from './model';

export interface StorageInfo {
  storage: string;
  /** plugin type: dir, lvmthin, nfs, pbs, … */
  type: string;
  /** content types: backup, iso, vztmpl, images, rootdir, … */
  content: string[];
  shared: boolean;
  active: boolean;
  enabled: boolean;
  /** bytes; absent when the storage does not say (inactive) */
  total?: number;
  used?: number;
  avail?: number;
  /** the nodes this entry stands for (a shared storage listed once for all) */
  nodes: string[];
}

export interface BackupArchive {
  kind: 'file' | 'pbs';
  guestType: GuestType;
  vmid: number;
  /** epoch s, from the name */
  time?: number;
}

export interface StorageVolume {
  volid: string;
  storage: string;
  /** the node it was listed from */
  node: string;
  content: string;
  format: string;
  size?: number;
  /** epoch s */
  ctime?: number;
  vmid?: number;
  notes?: string;
  protected: boolean;
  /** PBS: the last verification's state (ok, failed, …) */
  verification?: string;
  encrypted: boolean;
  /** backups: what the volume id names */
  archive?: BackupArchive;
}

export interface BackupList {
  volumes: StorageVolume[];
  /** storages that could not be read, and why */
  failures: { storage: string; message: string }[];
}

export type BackupMode = 'snapshot' | 'suspend' | 'stop';
export type BackupCompress = '0' | 'gzip' | 'lzo' | 'zstd';

export interface BackupJobGuestResult {
  vmid: number;
  ok: boolean;
  /** epoch s the task of the run started */
  time: number;
  /** why it failed, as vzdump logged it */
  error?: string;
  upid: string;
}

export interface BackupJob {
  id: string;
  enabled: boolean;
  schedule?: string;
  /** epoch s */
  nextRun?: number;
  storage?: string;
  mode?: string;
  compress?: string;
  all: boolean;
  vmids: number[];
  exclude: number[];
  pool?: string;
  node?: string;
  comment?: string;
  notesTemplate?: string;
  /** the last run's outcome per guest, read from the vzdump tasks' logs */
  lastRun: BackupJobGuestResult[];
}

/** The notes template's variables (vzdump expands them when it writes the notes). */
export const NOTES_VARIABLES = ['guestname', 'vmid', 'node', 'cluster'] as const;

const FILE_RE =
  /^(?:[^:]+:)?(?:backup\/)?vzdump-(qemu|lxc|openvz)-(\d+)-(\d{4})_(\d{2})_(\d{2})-(\d{2})_(\d{2})_(\d{2})\.[a-z.]+$/;
const PBS_RE = /^(?:[^:]+:)?backup\/(vm|ct)\/(\d+)\/(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)$/;

/** What a backup volume id names (pve-storage archive_info / PBSPlugin print_volid), if one. */
export function parseBackupVolid(volid: string): BackupArchive | undefined {
  const f = FILE_RE.exec(volid);
  if (f) {
    const [, t, id, y, mo, d, h, mi, s] = f;
    const time = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!) / 1000;
    return { kind: 'file', guestType: t === 'qemu' ? 'qemu' : 'lxc', vmid: Number(id), time };
  }
  const p = PBS_RE.exec(volid);
  if (p) {
    const time = Date.parse(p[3]!) / 1000;
    return {
      kind: 'pbs',
      guestType: p[1] === 'vm' ? 'qemu' : 'lxc',
      vmid: Number(p[2]),
      ...(Number.isFinite(time) ? { time } : {}),
    };
  }
  return undefined;
}

/** The notes a template gives for a guest, as vzdump writes them. */
export function expandNotesTemplate(
  template: string,
  vars: { guestname: string; vmid: number; node: string; cluster?: string },
): string {
  const v: Record<string, string> = {
    guestname: vars.guestname,
    vmid: String(vars.vmid),
    node: vars.node,
    cluster: vars.cluster ?? '',
  };
  return template.replace(/\{\{(\w+)\}\}/g, (m, k: string) => v[k] ?? m);
}
