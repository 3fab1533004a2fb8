// The Options tab's hardware calls: resize a disk (grow only, a task), add or remove a network
// interface (one PUT with the digest read), the node's bridges to pick from, and the cluster's
// tag colours (datacenter.cfg `tag-style` color-map).

import type { ConfigChange, ConfigTarget, ConfigUpdateResult, GuestConfig } from '../config';
import type { NetSpec } from '../config-hw';
import type { TaskInfo } from '../model';

export interface TagColor {
  /** `#rrggbb` */
  bg: string;
  /** `#rrggbb`; absent: black or white by the background's luminance, as PVE's UI picks */
  fg?: string;
}

export type ResizeResult =
  /** the resize task, followed like any other (its end re-reads the config) */
  | { outcome: 'started'; task: TaskInfo }
  /** a PVE 7 VM resized in the request */
  | { outcome: 'done'; config: GuestConfig }
  | { outcome: 'conflict'; message: string; fresh: GuestConfig; changed: ConfigChange[] };

export interface ConfigExtraCalls {
  /** Grow `disk` to `size` (`+NG` adds; otherwise absolute); a shrink is refused before sending. */
  'config.resize': {
    args: ConfigTarget & { disk: string; size: string; digest: string };
    result: ResizeResult;
  };
  /** Add or change (`net`) or remove (`net: null`) the interface `key` (net0…net31). */
  'config.setNet': {
    args: ConfigTarget & { key: string; net: NetSpec | null; digest: string };
    result: ConfigUpdateResult;
  };
  'config.bridges': { args: { profileId: string; node: string }; result: string[] };
  'config.tagColors': { args: { profileId: string }; result: Record<string, TagColor> };
}

export const CONFIG_EXTRA_CALL_NAMES = [
  'config.resize',
  'config.setNet',
  'config.bridges',
  'config.tagColors',
] as const satisfies readonly (keyof ConfigExtraCalls)[];
