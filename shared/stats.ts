// Live stats and history of one guest or node, as core hands them to a window: the live line
// (status/current or node status, read every second only while a detail view watches it, with
// rates from the deltas of the cumulative counters) and rrddata series (spec §5).

import type { CounterRates } from './rates';

/** What a detail view watches: a guest (qemu/lxc) or a node. */
export type StatsTarget =
  | { profileId: string; node: string; kind: 'qemu' | 'lxc'; vmid: number }
  | { profileId: string; node: string; kind: 'node' };

export type RrdTimeframe = 'hour' | 'day' | 'week' | 'month' | 'year';
export type RrdCf = 'AVERAGE' | 'MAX';
export const RRD_TIMEFRAMES: readonly RrdTimeframe[] = ['hour', 'day', 'week', 'month', 'year'];

/** Cumulative counters since the guest started (bytes), as status/current reports them. */
export interface CounterTotals {
  netin?: number;
  netout?: number;
  diskread?: number;
  diskwrite?: number;
}

export interface GuestLiveStats {
  kind: 'qemu' | 'lxc';
  /** `running`, `stopped`, or (qemu) the QMP run state such as `paused` */
  status: string;
  uptime?: number;
  /** fraction of `cpus` (0..1) */
  cpu?: number;
  cpus?: number;
  /** what PVE reports as used: for a VM without balloon/agent figures, the host's RSS (≈ all) */
  mem?: number;
  maxmem?: number;
  /** PVE 9: what the VM's process uses on the host */
  memhost?: number;
  /** the guest's own view of its memory, from the balloon driver / agent (`ballooninfo`, `freemem`) */
  guestMem?: { used: number; total: number };
  /** the guest agent is enabled in the VM's config */
  agent: boolean;
  disk?: number;
  maxdisk?: number;
  swap?: number;
  maxswap?: number;
  totals: CounterTotals;
  /** bytes/s over the last few samples; absent until two samples of one run are seen */
  rates?: CounterRates;
}

export interface NodeLiveStats {
  kind: 'node';
  uptime?: number;
  /** fraction of all host threads */
  cpu?: number;
  /** I/O wait, fraction */
  wait?: number;
  loadavg?: [number, number, number];
  memory?: { total: number; used: number; available?: number };
  swap?: { total: number; used: number };
  rootfs?: { total: number; used: number };
  cpuinfo?: { model?: string; sockets?: number; cores?: number; cpus?: number; mhz?: number };
  /** `pve-manager/9.2.11/…` → `9.2.11` */
  pveVersion?: string;
  kernel?: string;
  bootMode?: string;
}

export type LiveStats = GuestLiveStats | NodeLiveStats;

/** The `stats` window event: a new sample, or why there is none. */
export interface StatsEvent {
  watchId: string;
  /** ms since the epoch, when core got the sample */
  time: number;
  stats?: LiveStats;
  /** set when the last poll failed; the previous sample is not current then */
  error?: string;
}

/** One rrddata point: seconds since the epoch and the fields the server sent (absent: no data). */
export interface RrdPoint {
  time: number;
  [field: string]: number;
}

export interface RrdSeries {
  timeframe: RrdTimeframe;
  cf: RrdCf;
  /** seconds between points (from the data; 0 when fewer than two points) */
  step: number;
  points: RrdPoint[];
}

/** One row of /nodes/{node}/services. */
export interface NodeService {
  name: string;
  desc?: string;
  /** systemd SubState: running, dead, exited… */
  state?: string;
  /** systemd ActiveState: active, inactive, failed… */
  activeState?: string;
  /** systemd UnitFileState: enabled, disabled, not-found… */
  unitState?: string;
}
