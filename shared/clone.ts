// Cloning a guest and converting one to a template as the contract carries them (spec §8): the
// options of a clone of one or more copies, each copy's outcome, and the rules the form and the
// contract both apply (PVE's `dns-name` format for the name, the `{n}` name pattern of copies).

import type { GuestTarget } from './migrate';
import type { GuestType, TaskInfo } from './model';

export type { GuestTarget };

/** At most this many copies in one clone run. */
export const CLONE_MAX_COPIES = 20;

export interface CloneCopy {
  newid: number;
  /** qemu `name`, lxc `hostname`; absent: PVE's default (Copy-of-VM-<name>, the CT's hostname) */
  name?: string;
}

export interface CloneArgs extends GuestTarget {
  /** one clone per entry, run one after another */
  copies: CloneCopy[];
  /** full copy; absent: PVE's default (linked for templates, full otherwise) */
  full?: boolean;
  /** target node, when not the source's */
  target?: string;
  /** target storage (full clones only) */
  storage?: string;
  pool?: string;
  description?: string;
  /** clone from this snapshot */
  snapname?: string;
}

export interface CloneOutcome {
  newid: number;
  name?: string;
  /** `not-started`: an earlier copy failed, so this one was not sent */
  state: 'ok' | 'failed' | 'not-started';
  /** the copy's task, once PVE answered */
  task?: TaskInfo;
  /** why it failed: PVE's message (the task's exit status or the refusal) */
  message?: string;
  /** PVE's 400 parameter errors, by the contract's field name (newid, name, storage, …) */
  errors?: Record<string, string>;
}

/** The outcome of a free-id check at the field. */
export interface IdCheck {
  free: boolean;
  /** PVE's words when taken ("VM 105 already exists") */
  message?: string;
}

/** PVE task types of a clone and a template conversion. */
export function cloneTaskType(type: GuestType): string {
  return type === 'qemu' ? 'qmclone' : 'vzclone';
}

export function templateTaskType(type: GuestType): string {
  return type === 'qemu' ? 'qmtemplate' : 'vztemplate';
}

// pve-common JSONSchema.pm: $DNS_LABEL_STR and $DNS_NAME_STR of pve_verify_dns_name.
const DNS_NAME_RE =
  /^([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)(\.([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?))*$/;

/** What is wrong with a guest name, in words for the field; undefined when PVE accepts it. */
export function dnsNameProblem(name: string): string | undefined {
  if (name.length === 0) return undefined;
  if (name.length > 253) return 'At most 253 characters';
  if (/[^a-zA-Z0-9.-]/.test(name)) return 'Only letters, digits, - and . (a DNS name)';
  if (name.split('.').some((l) => l.length === 0)) return 'No empty part between dots';
  if (name.split('.').some((l) => l.startsWith('-') || l.endsWith('-'))) {
    return 'A part cannot begin or end with -';
  }
  if (!DNS_NAME_RE.test(name)) return 'Not a valid DNS name';
  return undefined;
}

/**
 * The names of `count` copies from a pattern: `{n}` is the copy's number (1, 2, …); a pattern
 * without `{n}` names one copy as is and several as `<pattern>-<n>`. An empty pattern: no names.
 */
export function copyNames(pattern: string, count: number, start = 1): (string | undefined)[] {
  const p = pattern.trim();
  return Array.from({ length: count }, (_, i) => {
    if (!p) return undefined;
    const n = String(start + i);
    if (p.includes('{n}')) return p.split('{n}').join(n);
    return count === 1 ? p : `${p}-${n}`;
  });
}
