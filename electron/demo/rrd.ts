// rrddata (spec §5): each guest's and node's history, computed on request from seeded curves so it
// agrees with the live counters (a step's network/disk rate is the growth of the same counter
// curve stats.ts reports, divided by the step). PVE 9 resolutions and fields; the pre-9 `pve2-*`
// layout (70 points, no memhost/pressure) when the demo runs an older version.
// MAX ≥ AVERAGE; at the base 60 s step both are the same sample, as in a real RRD.

import type { DemoNode, Guest } from './model';
import { hash01 } from './random';
import { counterCurve, counterPhases, vmMemory, type Counter } from './stats';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

export type Timeframe = 'hour' | 'day' | 'week' | 'month' | 'year' | 'decade';
export type Cf = 'AVERAGE' | 'MAX';

const PVE9: Record<Timeframe, [step: number, count: number]> = {
  hour: [60, 60],
  day: [60, 1440],
  week: [1800, 336],
  month: [1800, 1440],
  year: [21600, 1440],
  decade: [604800, 570],
};
const PVE2: Record<Timeframe, [step: number, count: number]> = {
  hour: [60, 70],
  day: [1800, 70],
  week: [10800, 70],
  month: [43200, 70],
  year: [604800, 70],
  decade: [604800, 70],
};

type Point = Record<string, number>;

export interface RrdRequest {
  timeframe: Timeframe;
  cf: Cf;
  /** simulated epoch seconds */
  now: number;
  seed: number;
  /** PVE 9 layout (false: pre-9 files) */
  pve9: boolean;
}

/** The point times: `count` steps ending with the last complete one (the newest is dropped). */
function times(req: RrdRequest): { step: number; list: number[] } {
  const [step, count] = (req.pve9 ? PVE9 : PVE2)[req.timeframe];
  const last = Math.floor(req.now / step) * step - step;
  const list: number[] = [];
  for (let i = count - 1; i >= 0; i--) list.push(last - i * step);
  return { step, list };
}

/** A slow daily rhythm (busier in the day), the same for a guest across all timeframes. */
function diurnal(t: number, phase: number): number {
  return 1 + 0.35 * Math.sin((2 * Math.PI * t) / 86_400 + phase * 6.283);
}

/** Noise of one step that shrinks as steps average more samples; MAX adds the peaks. */
function wobble(seed: number, id: number, t: number, step: number, cf: Cf): number {
  const spread = Math.sqrt(60 / step);
  const avg = 1 + (hash01(seed, id, Math.floor(t / step)) - 0.5) * 0.8 * spread;
  if (cf === 'AVERAGE' || step <= 60) return avg;
  return avg * (1.15 + 0.5 * hash01(seed ^ 0x1b873593, id, Math.floor(t / step)));
}

interface GuestPoint {
  cpu: number;
  mem: number;
  memhost: number;
  rates: Record<Counter, number>;
}

function guestAt(g: Guest, t: number, step: number, req: RrdRequest): GuestPoint | undefined {
  // A stopped guest's files hold zeros for its stopped time; the demo knows no stop times, so a
  // stopped guest shows as stopped throughout, a running one as running (earlier runs included).
  if (g.run === 'stopped') return undefined;
  const p = g.profile;
  const d = diurnal(t, (g.vmid % 13) / 13);
  const w = wobble(req.seed, g.vmid, t, step, req.cf);
  const maxmem = g.memoryMiB * MiB;
  const jitter = hash01(req.seed ^ 0x2545f491, g.vmid, Math.floor(t / step)) - 0.5;
  const used = Math.floor(maxmem * Math.min(0.98, p.memFrac * (0.95 + 0.04 * d + 0.04 * jitter)));
  const { mem, memhost } = g.type === 'qemu' ? vmMemory(g, used) : { mem: used, memhost: 0 };
  const ph = counterPhases(g.vmid);
  const base = {
    netin: p.netInRate,
    netout: p.netOutRate,
    diskread: p.diskReadRate,
    diskwrite: p.diskWriteRate,
  };
  const rates = {} as Record<Counter, number>;
  for (const k of ['netin', 'netout', 'diskread', 'diskwrite'] as const) {
    // The average over [t, t + step) of the counter the live figures come from.
    const u = t - g.startedAt;
    const avg = (counterCurve(base[k], u + step, ph[k]) - counterCurve(base[k], u, ph[k])) / step;
    rates[k] = avg * (req.cf === 'MAX' && step > 60 ? w / Math.max(0.2, w - 0.15) : 1);
  }
  return { cpu: Math.min(1, p.cpuBase * d * w), mem, memhost, rates };
}

const round = (v: number, digits = 6): number => Math.round(v * 10 ** digits) / 10 ** digits;

export function guestRrd(g: Guest, req: RrdRequest): Point[] {
  const { step, list } = times(req);
  const maxmem = g.memoryMiB * MiB;
  const maxdisk = g.diskGiB * GiB;
  return list.map((time) => {
    const s = guestAt(g, time, step, req);
    const p: Point = { time, maxcpu: g.cores, maxmem, maxdisk };
    p.cpu = s ? round(s.cpu) : 0;
    p.mem = s?.mem ?? 0;
    p.disk = s && g.type === 'lxc' ? Math.floor(maxdisk * g.profile.diskFrac) : 0;
    for (const k of ['netin', 'netout', 'diskread', 'diskwrite'] as const) {
      p[k] = s ? round(s.rates[k], 2) : 0;
    }
    if (req.pve9) {
      if (g.type === 'qemu') p.memhost = s?.memhost ?? 0;
      const pressure = s ? round(s.cpu * 20, 2) : 0;
      Object.assign(p, {
        pressurecpusome: pressure,
        pressurecpufull: round(pressure / 2, 2),
        pressureiosome: 0,
        pressureiofull: 0,
        pressurememorysome: 0,
        pressurememoryfull: 0,
      });
    }
    return p;
  });
}

export function nodeRrd(n: DemoNode, guests: readonly Guest[], req: RrdRequest): Point[] {
  const { step, list } = times(req);
  const mine = guests.filter((g) => g.node === n.name);
  const rootUsed = Math.floor(n.maxdisk * (0.08 + 0.01 * n.nodeid));
  return list.map((time) => {
    const p: Point = { time, maxcpu: n.maxcpu, memtotal: n.maxmem };
    // An offline node's file ends when it stopped sending: the demo's offline nodes are down
    // for the whole window.
    if (!n.online) return p;
    let threads = 0;
    let mem = 0;
    let netin = 0;
    let netout = 0;
    for (const g of mine) {
      const s = guestAt(g, time, step, req);
      if (!s) continue;
      threads += s.cpu * g.cores;
      mem += g.type === 'qemu' ? s.memhost : s.mem;
      netin += s.rates.netin;
      netout += s.rates.netout;
    }
    const w = wobble(req.seed, 100_000 + n.nodeid, time, step, req.cf);
    const cpu = Math.min(
      1,
      (0.01 + 0.02 * w + threads / n.maxcpu) * (req.cf === 'MAX' && step > 60 ? w : 1),
    );
    const memused = Math.min(n.maxmem, Math.floor(2.5 * GiB + mem * 1.05));
    Object.assign(p, {
      cpu: round(cpu),
      iowait: round(0.001 * w),
      loadavg: round(cpu * n.maxcpu, 2),
      memused,
      swaptotal: 8 * GiB,
      swapused: Math.floor(12 * MiB * w),
      roottotal: n.maxdisk,
      rootused: rootUsed,
      netin: round(netin * 1.02, 2),
      netout: round(netout * 1.02, 2),
      arcsize: 0,
    });
    if (req.pve9) {
      p.memavailable = n.maxmem - memused;
      Object.assign(p, {
        pressurecpusome: round(cpu * 10, 2),
        pressureiosome: 0,
        pressurememorysome: 0,
      });
    }
    return p;
  });
}
