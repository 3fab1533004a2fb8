// A guest's editable options as the contract carries them (spec §8 "Config"): the values (pending
// changes applied), the running values, which keys wait for a restart, the digest the next write
// must send, and the outcome of a write (saved, or changed by someone else with the fresh config).
// The limits are PVE's schema's, checked in the form and again at the contract.

import type { GuestDisk, GuestNet } from './config-hw';
import type { GuestRef, GuestType } from './model';

export interface GuestOptions {
  cores: number;
  /** MiB */
  memory: number;
  /** qemu: the balloon target in MiB, 0 = ballooning off; absent = PVE's default (= memory) */
  balloon?: number;
  /** lxc: swap in MiB (0 = none); absent for VMs */
  swap?: number;
  /** qemu `name`, lxc `hostname` */
  name: string;
  description: string;
  tags: string[];
  onboot: boolean;
  /** `startup`: boot order and delays; absent parts are PVE's defaults */
  startup: { order?: number; up?: number; down?: number };
  protection: boolean;
}

export type OptionKey = keyof GuestOptions;

/** What a revert names: an option, or a network interface's pending change. */
export type RevertKey = OptionKey | `net${number}`;

export const NET_KEY_RE = /^net([0-9]|[12][0-9]|3[01])$/;

export const OPTION_KEYS: readonly OptionKey[] = [
  'cores',
  'memory',
  'balloon',
  'swap',
  'name',
  'description',
  'tags',
  'onboot',
  'startup',
  'protection',
];

export interface GuestConfig {
  type: GuestType;
  /** SHA-1 of the config file the values come from; sent with the next write */
  digest: string;
  /** what the guest will have (pending changes applied) */
  values: GuestOptions;
  /** what the running guest has now (equal to `values` but for the pending keys) */
  current: GuestOptions;
  /** keys changed but not applied until the guest restarts (or the change is reverted) */
  pending: OptionKey[];
  lock?: string;
  /** disks and mount points with their sizes (shared/config-hw.ts) */
  disks: GuestDisk[];
  /** network interfaces, pending ones marked */
  nets: GuestNet[];
}

export type OptionChanges = Partial<GuestOptions>;

export interface ConfigChange {
  key: OptionKey;
  /** the value this client read */
  before: unknown;
  /** the value now on the server */
  after: unknown;
}

export type ConfigUpdateResult =
  | { outcome: 'saved'; config: GuestConfig }
  | {
      outcome: 'conflict';
      /** PVE's own text */
      message: string;
      /** the config as it is now */
      fresh: GuestConfig;
      /** what someone else changed since this client read it */
      changed: ConfigChange[];
    };

export type ConfigTarget = GuestRef;

export const LIMITS = {
  cores: { qemu: { min: 1, max: 1024 }, lxc: { min: 1, max: 8192 } },
  memory: { min: 16, max: 4 * 1024 * 1024 },
  swap: { min: 0, max: 4 * 1024 * 1024 },
  description: { max: 8192 },
  startup: { max: 99999 },
} as const;

const DNS_NAME =
  /^([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?\.)*[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const TAG = /^[a-z0-9_][a-z0-9_\-+.]*$/i;

function intIn(v: number, min: number, max: number): boolean {
  return Number.isInteger(v) && v >= min && v <= max;
}

/** What is wrong with one option's value, in words for its field; undefined when PVE accepts it. */
export function optionProblem(
  type: GuestType,
  key: OptionKey,
  value: unknown,
  all: OptionChanges = {},
): string | undefined {
  switch (key) {
    case 'cores': {
      const { min, max } = LIMITS.cores[type];
      return typeof value === 'number' && intIn(value, min, max)
        ? undefined
        : `Whole number from ${min} to ${max}`;
    }
    case 'memory':
      return typeof value === 'number' && intIn(value, LIMITS.memory.min, LIMITS.memory.max)
        ? undefined
        : `At least ${LIMITS.memory.min} MiB`;
    case 'balloon': {
      if (type !== 'qemu') return 'Containers have no balloon';
      if (value === undefined) return undefined;
      if (typeof value !== 'number' || !intIn(value, 0, LIMITS.memory.max)) {
        return 'Whole MiB, 0 turns ballooning off';
      }
      const mem = all.memory;
      return mem !== undefined && value > mem ? 'At most the memory' : undefined;
    }
    case 'swap':
      if (type !== 'lxc') return 'VMs have no swap option';
      if (value === undefined) return undefined;
      return typeof value === 'number' && intIn(value, LIMITS.swap.min, LIMITS.swap.max)
        ? undefined
        : 'Whole MiB, 0 for none';
    case 'name':
      if (typeof value !== 'string' || value === '') return undefined;
      return value.length <= 63 && DNS_NAME.test(value)
        ? undefined
        : 'Letters, digits and - (a DNS name)';
    case 'description':
      return typeof value === 'string' && value.length <= LIMITS.description.max
        ? undefined
        : `At most ${LIMITS.description.max} characters`;
    case 'tags':
      return Array.isArray(value) && value.every((t) => typeof t === 'string' && TAG.test(t))
        ? undefined
        : 'Tags: letters, digits, - _ + .';
    case 'onboot':
    case 'protection':
      return typeof value === 'boolean' ? undefined : 'Yes or no';
    case 'startup': {
      if (typeof value !== 'object' || value === null) return 'Order, up and down delays';
      for (const v of Object.values(value as Record<string, unknown>)) {
        if (v !== undefined && (typeof v !== 'number' || !intIn(v, 0, LIMITS.startup.max))) {
          return 'Whole numbers, 0 or more';
        }
      }
      return undefined;
    }
  }
}

/** `startup` as PVE writes it: `order=1,up=30,down=60`. */
export function formatStartup(s: GuestOptions['startup']): string {
  const parts: string[] = [];
  if (s.order !== undefined) parts.push(`order=${s.order}`);
  if (s.up !== undefined) parts.push(`up=${s.up}`);
  if (s.down !== undefined) parts.push(`down=${s.down}`);
  return parts.join(',');
}

export function parseStartup(raw: string | undefined): GuestOptions['startup'] {
  const out: GuestOptions['startup'] = {};
  for (const part of (raw ?? '').split(',').filter(Boolean)) {
    const [k, v] = part.includes('=') ? part.split('=', 2) : ['order', part];
    const n = Number(v);
    if (!Number.isInteger(n)) continue;
    if (k === 'order' || k === 'up' || k === 'down') out[k] = n;
  }
  return out;
}

/** Whether two option values are the same (tags and startup compared by content). */
export function sameOption(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): string =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? JSON.stringify(
          Object.entries(v)
            .filter(([, x]) => x !== undefined)
            .sort(),
        )
      : JSON.stringify(v);
  return norm(a) === norm(b);
}
