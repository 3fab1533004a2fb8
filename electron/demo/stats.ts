// Live figures, computed lazily from the simulated clock: nothing ticks in the background.
// Time is quantised into buckets of statsIntervalMs so values move at that pace and listings can be
// cached per bucket. Cumulative counters grow as rate * (t + A(1 - cos wt)/w): monotonic, wobbly,
// and zero again when a guest restarts (t is the guest's uptime).

import type { DemoNode, Guest } from './model';
import { hash01 } from './random';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

export interface GuestStats {
  uptime: number;
  cpu: number;
  mem: number;
  memhost: number;
  disk: number;
  netin: number;
  netout: number;
  diskread: number;
  diskwrite: number;
}

export interface StatsClock {
  /** current bucket number */
  bucket: number;
  /** simulated epoch seconds at the start of the bucket */
  time: number;
}

function cumulative(rate: number, t: number, phase: number): number {
  const w = 0.01 + phase * 0.02;
  return Math.floor(rate * (t + (0.6 * (1 - Math.cos(w * t))) / w));
}

export function guestStats(seed: number, g: Guest, clock: StatsClock): GuestStats {
  if (g.run === 'stopped') {
    return {
      uptime: 0,
      cpu: 0,
      mem: 0,
      memhost: 0,
      disk: 0,
      netin: 0,
      netout: 0,
      diskread: 0,
      diskwrite: 0,
    };
  }
  const p = g.profile;
  const uptime = Math.max(0, clock.time - g.startedAt);
  const r1 = hash01(seed, g.vmid, clock.bucket);
  const r2 = hash01(seed ^ 0x5bd1e995, g.vmid, clock.bucket);
  const maxmem = g.memoryMiB * MiB;
  // A paused VM burns no CPU and moves no traffic; counters stay where they were.
  const idle = g.run === 'paused';
  const cpu = idle ? 0 : Math.min(1, p.cpuBase * (0.5 + r1));
  const mem = Math.floor(maxmem * Math.min(0.98, p.memFrac * (0.95 + 0.1 * r2)));
  const phase = (g.vmid % 97) / 97;
  return {
    uptime,
    cpu: Math.round(cpu * 1e6) / 1e6,
    mem,
    memhost: g.type === 'qemu' ? Math.min(maxmem, Math.floor(mem * 1.04)) : 0,
    // qemu cannot see into its disks (always 0); lxc reports the root fs usage.
    disk: g.type === 'lxc' ? Math.floor(g.diskGiB * GiB * p.diskFrac) : 0,
    netin: cumulative(p.netInRate, uptime, phase),
    netout: cumulative(p.netOutRate, uptime, 1 - phase),
    diskread: cumulative(p.diskReadRate, uptime, phase / 2),
    diskwrite: cumulative(p.diskWriteRate, uptime, (1 + phase) / 2),
  };
}

export interface NodeStats {
  uptime: number;
  cpu: number;
  mem: number;
  disk: number;
  loadavg: [string, string, string];
  wait: number;
}

export function nodeStats(
  seed: number,
  node: DemoNode,
  guestCpuThreads: number,
  guestMem: number,
  clock: StatsClock,
): NodeStats {
  const r = hash01(seed, 100_000 + node.nodeid, clock.bucket);
  const cpu = Math.min(1, 0.01 + 0.02 * r + guestCpuThreads / node.maxcpu);
  const load = cpu * node.maxcpu;
  return {
    uptime: clock.time - node.bootedAt,
    cpu: Math.round(cpu * 1e6) / 1e6,
    mem: Math.min(node.maxmem, Math.floor(2.5 * GiB + guestMem * 1.05)),
    disk: Math.floor(node.maxdisk * (0.08 + 0.01 * node.nodeid)),
    loadavg: [load.toFixed(2), (load * 0.9).toFixed(2), (load * 0.8).toFixed(2)],
    wait: Math.round(r * 0.002 * 1e6) / 1e6,
  };
}
