// Log streams: what the side panel can follow (a node's journal, the cluster log, a task's log, a
// guest's journal, a file in a guest or on a node), the entries they carry and each stream's state.
// Core owns the streams (one per window that opened it); entries reach the window as batched
// 'logLines' events and the window acknowledges what it has applied ('logs.ack'), like console
// bytes. Pure types and a few pure helpers; shared imports nothing of ours but the model.

import type { GuestType } from './model';

/** A time window of a node journal. Epoch seconds, as PVE's `since`/`until`. */
export type JournalRange =
  | { preset: 'live' } // the newest entries, then followed
  | { preset: 'boot' } // since the current boot, then followed
  | { preset: 'last'; seconds: number } // the last N seconds, then followed
  | { preset: 'range'; since: number; until: number }; // a fixed window, not followed

export type LogSourceSpec =
  | { kind: 'node-journal'; profileId: string; node: string; range?: JournalRange }
  | { kind: 'cluster-log'; profileId: string }
  | { kind: 'task'; profileId: string; upid: string }
  /** lxc: `journalctl` through `pct exec` in a node shell; qemu: through the guest agent. */
  | {
      kind: 'guest-journal';
      profileId: string;
      node: string;
      type: GuestType;
      vmid: number;
      /** systemd units to keep (plain unit names only; checked before anything is typed). */
      units?: string[];
    }
  /** `tail -F` of an absolute path in a container (vmid set) or on the node. */
  | { kind: 'file'; profileId: string; node: string; vmid?: number; path: string };

export type LogSourceKind = LogSourceSpec['kind'];

/** syslog priorities: 0 emerg … 3 err, 4 warning, 5 notice, 6 info, 7 debug. */
export type LogPriority = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const PRIORITY_NAMES = [
  'emerg',
  'alert',
  'crit',
  'err',
  'warning',
  'notice',
  'info',
  'debug',
] as const;

export interface LogEntry {
  /**
   * Order within its stream: strictly increasing as entries are followed; older pages loaded
   * with 'logs.older' carry smaller (possibly negative) numbers. Never repeated.
   */
  seq: number;
  /** Epoch milliseconds when known (journal lines carry no year: the reader infers it). */
  time?: number;
  priority?: LogPriority;
  /** The host or node that wrote it. */
  host?: string;
  /** The writer: syslog identifier or unit (`sshd`, `pveproxy`, `cron`). */
  ident?: string;
  pid?: number;
  /** The message, possibly with ANSI colour sequences (the panel renders them). */
  text: string;
  /** A marker row rather than a message ('-- Reboot --', 'stream resumed'). */
  marker?: 'reboot' | 'notice';
}

export type LogStreamStatus =
  | 'connecting'
  | 'following'
  /** A fixed range or a finished task: everything is loaded, nothing more will come. */
  | 'complete'
  | 'reconnecting'
  | 'failed'
  | 'closed';

export interface LogStreamInfo {
  streamId: string;
  spec: LogSourceSpec;
  /** What the tab says: "pve1 journal", "CT 101 journal", "Task: start VM 100". */
  title: string;
  status: LogStreamStatus;
  /** Why it failed or reconnects, or a notice ("no systemd: following /var/log/messages"). */
  message?: string;
  /** Older entries can be loaded with 'logs.older'. */
  canLoadOlder: boolean;
  /** Entries core dropped because the window fell too far behind (oldest first). */
  dropped: number;
  /** For a task stream: its end, once known (`exitstatus` "OK" is success). */
  task?: { running: boolean; exitstatus?: string };
}

export interface LogLinesEvent {
  streamId: string;
  entries: LogEntry[];
}

/** The most entries a window keeps per stream; the oldest go first, and the panel says so. */
export const LOG_BUFFER_LIMIT = 50_000;

/** A systemd unit name a shell may be given: no shell metacharacters, no spaces, no paths. */
export const UNIT_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9:_.@-]{0,254}$/;

/** An absolute path a shell may be given: plain characters only, no `..` segment. */
export const LOG_PATH_RE = /^\/(?:[A-Za-z0-9._+-]+\/)*[A-Za-z0-9._+-]+$/;

/** Why a unit name or path may not be typed into a shell, or undefined when it may. */
export function shellArgProblem(kind: 'unit' | 'path', value: string): string | undefined {
  if (kind === 'unit') {
    return UNIT_NAME_RE.test(value) ? undefined : `"${value}" is not a plain systemd unit name`;
  }
  if (!LOG_PATH_RE.test(value)) return `"${value}" is not a plain absolute path`;
  if (value.split('/').includes('..')) return `"${value}" climbs out with ".."`;
  return undefined;
}
