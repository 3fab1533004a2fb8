// What real servers send for live stats and history, made into shared/stats shapes: numbers may
// come as strings, keys may be absent (PVE 7/8 have no `memhost` or pressure fields, old RRD files
// other resolutions), a garbled optional value is dropped rather than failing the whole reply.

import type {
  CounterTotals,
  GuestLiveStats,
  NodeLiveStats,
  NodeService,
  RrdCf,
  RrdPoint,
  RrdSeries,
  RrdTimeframe,
} from '../../../shared/stats';

type Json = Record<string, unknown>;

const NUMERIC = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** A finite number, or a decimal string of one; anything else is undefined. */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && NUMERIC.test(v)) return Number(v);
  return undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

function bool(v: unknown): boolean {
  return v === true || v === 1 || v === '1';
}

/** Copies the numeric fields named in `keys` that are present and valid. */
function pick<K extends string>(src: Json, keys: readonly K[]): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const k of keys) {
    const v = num(src[k]);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

const COUNTERS = ['netin', 'netout', 'diskread', 'diskwrite'] as const;

/** GET /nodes/{node}/qemu|lxc/{vmid}/status/current (rates are the watcher's). */
export function parseGuestCurrent(kind: 'qemu' | 'lxc', raw: unknown): GuestLiveStats {
  const d = obj(raw) ?? {};
  const status = str(d.status) ?? 'unknown';
  // qemu's `status` is only whether the process runs; its QMP state says paused, suspended…
  const qmp = kind === 'qemu' ? str(d.qmpstatus) : undefined;
  const live: GuestLiveStats = {
    kind,
    status: status === 'running' && qmp ? qmp : status,
    agent: kind === 'qemu' && bool(d.agent),
    totals: pick(d, COUNTERS) as CounterTotals,
    ...pick(d, ['uptime', 'cpu', 'cpus', 'mem', 'maxmem', 'disk', 'maxdisk'] as const),
  };
  if (kind === 'qemu') {
    const memhost = num(d.memhost);
    if (memhost !== undefined) live.memhost = memhost;
    // The balloon driver's (agent-era) figures: what the guest itself sees as used.
    const bi = obj(d.ballooninfo);
    const total = num(bi?.total_mem) ?? live.maxmem;
    const free = num(bi?.free_mem) ?? num(d.freemem);
    if (total !== undefined && free !== undefined && total > 0 && free <= total) {
      live.guestMem = { used: total - free, total };
    }
  } else {
    Object.assign(live, pick(d, ['swap', 'maxswap'] as const));
  }
  return live;
}

/** GET /nodes/{node}/status. */
export function parseNodeStatus(raw: unknown): NodeLiveStats {
  const d = obj(raw) ?? {};
  const live: NodeLiveStats = { kind: 'node', ...pick(d, ['uptime', 'cpu', 'wait'] as const) };
  if (Array.isArray(d.loadavg)) {
    const l = d.loadavg.map(num);
    if (l.length >= 3 && l.every((x) => x !== undefined)) {
      live.loadavg = [l[0]!, l[1]!, l[2]!];
    }
  }
  const usage = (v: unknown): { total: number; used: number; available?: number } | undefined => {
    const o = obj(v);
    const total = num(o?.total);
    const used = num(o?.used);
    if (total === undefined || used === undefined) return undefined;
    const available = num(o?.available) ?? num(o?.avail);
    return available === undefined ? { total, used } : { total, used, available };
  };
  const memory = usage(d.memory);
  if (memory) live.memory = memory;
  const swap = usage(d.swap);
  if (swap) live.swap = { total: swap.total, used: swap.used };
  const rootfs = usage(d.rootfs);
  if (rootfs) live.rootfs = { total: rootfs.total, used: rootfs.used };
  const ci = obj(d.cpuinfo);
  if (ci) {
    const model = str(ci.model);
    live.cpuinfo = {
      ...(model ? { model } : {}),
      ...pick(ci, ['sockets', 'cores', 'cpus', 'mhz'] as const),
    };
  }
  const pve = str(d.pveversion);
  if (pve) live.pveVersion = /^pve-manager\/([^/]+)/.exec(pve)?.[1] ?? pve;
  const kernel = str(obj(d['current-kernel'])?.release) ?? str(d.kversion);
  if (kernel) live.kernel = kernel;
  const boot = str(obj(d['boot-info'])?.mode);
  if (boot) live.bootMode = boot;
  return live;
}

/** GET …/rrddata: points without a valid time are dropped, fields without data are absent. */
export function parseRrd(raw: unknown, timeframe: RrdTimeframe, cf: RrdCf): RrdSeries {
  const points: RrdPoint[] = [];
  for (const item of Array.isArray(raw) ? raw : []) {
    const o = obj(item);
    const time = num(o?.time);
    if (!o || time === undefined) continue;
    const p: RrdPoint = { time };
    for (const [k, v] of Object.entries(o)) {
      if (k === 'time') continue;
      const n = num(v);
      if (n !== undefined) p[k] = n;
    }
    points.push(p);
  }
  points.sort((a, b) => a.time - b.time);
  // The step is the smallest gap: a missing point must not make it look coarser.
  let step = 0;
  for (let i = 1; i < points.length; i++) {
    const gap = points[i]!.time - points[i - 1]!.time;
    if (gap > 0 && (step === 0 || gap < step)) step = gap;
  }
  return { timeframe, cf, step, points };
}

/** GET /nodes/{node}/services, sorted by name. */
export function parseServices(raw: unknown): NodeService[] {
  const out: NodeService[] = [];
  for (const item of Array.isArray(raw) ? raw : []) {
    const o = obj(item);
    const name = str(o?.name) ?? str(o?.service);
    if (!o || !name) continue;
    const s: NodeService = { name };
    const desc = str(o.desc);
    if (desc) s.desc = desc;
    const state = str(o.state);
    if (state) s.state = state;
    const active = str(o['active-state']);
    if (active) s.activeState = active;
    const unit = str(o['unit-state']);
    if (unit) s.unitState = unit;
    out.push(s);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
