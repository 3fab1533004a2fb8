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
  /** what the guest itself uses (the agent's view) */
  guestUsed: number;
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

/** Bytes a counter has grown by `t` s into a run (unrounded; rrd.ts averages it over steps). */
export function counterCurve(rate: number, t: number, phase: number): number {
  const w = 0.01 + phase * 0.02;
  return rate * (t + (0.6 * (1 - Math.cos(w * t))) / w);
}

function cumulative(rate: number, t: number, phase: number): number {
  return Math.floor(counterCurve(rate, t, phase));
}

/** The phase of each counter's curve for a guest (stats and history must agree). */
export function counterPhases(vmid: number): Record<Counter, number> {
  const phase = (vmid % 97) / 97;
  return { netin: phase, netout: 1 - phase, diskread: phase / 2, diskwrite: (1 + phase) / 2 };
}

export type Counter = 'netin' | 'netout' | 'diskread' | 'diskwrite';

/**
 * Memory as the VM's process holds it on the host (memhost) and as PVE reports it used (`mem`):
 * with the agent's balloon figures that is what the guest uses; without them it is the process's
 * resident size, which on a long-running VM is nearly all of it.
 */
export function vmMemory(g: Guest, guestUsed: number): { mem: number; memhost: number } {
  const maxmem = g.memoryMiB * MiB;
  if (g.agent) return { mem: guestUsed, memhost: Math.min(maxmem, Math.floor(guestUsed * 1.04)) };
  const rss = Math.floor(maxmem * 0.97);
  return { mem: rss, memhost: rss };
}

export function guestStats(seed: number, g: Guest, clock: StatsClock): GuestStats {
  if (g.run === 'stopped') {
    return {
      uptime: 0,
      cpu: 0,
      mem: 0,
      guestUsed: 0,
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
  const used = Math.floor(maxmem * Math.min(0.98, p.memFrac * (0.95 + 0.1 * r2)));
  const { mem, memhost } = g.type === 'qemu' ? vmMemory(g, used) : { mem: used, memhost: 0 };
  const ph = counterPhases(g.vmid);
  return {
    uptime,
    cpu: Math.round(cpu * 1e6) / 1e6,
    mem,
    guestUsed: used,
    memhost,
    // qemu cannot see into its disks (always 0); lxc reports the root fs usage.
    disk: g.type === 'lxc' ? Math.floor(g.diskGiB * GiB * p.diskFrac) : 0,
    netin: cumulative(p.netInRate, uptime, ph.netin),
    netout: cumulative(p.netOutRate, uptime, ph.netout),
    diskread: cumulative(p.diskReadRate, uptime, ph.diskread),
    diskwrite: cumulative(p.diskWriteRate, uptime, ph.diskwrite),
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
