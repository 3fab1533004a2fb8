// What each history chart of a guest or a node draws: its rrddata fields (spec §5 names), how a
// live sample maps onto the same fields (the hour view's live tail), units and colours.

import uPlot from 'uplot';
import { formatBytes } from '../../../../shared/format';
import type { LiveStats, RrdPoint } from '../../../../shared/stats';
import type { ChartSeries } from './UPlotChart';

export interface ChartDef {
  id: string;
  title: string;
  fields: readonly { key: string; series: ChartSeries; scale?: number }[];
  axis: (v: number) => string;
  yMax?: number;
}

const pct = (v: number): string => `${v.toFixed(1)}%`;
const bytes = (v: number): string => formatBytes(v);
const perSec = (v: number): string => `${formatBytes(v)}/s`;
const load = (v: number): string => v.toFixed(2);

const BLUE = '#228be6';
const ORANGE = '#fd7e14';
const GRAPE = '#be4bdb';
const GRAY = '#868e96';
const TEAL = '#12b886';

const s = (
  label: string,
  color: string,
  format: (v: number) => string,
  limit = false,
): ChartSeries => (limit ? { label, color, format, limit } : { label, color, format });

export function guestCharts(kind: 'qemu' | 'lxc', hasMemhost: boolean): ChartDef[] {
  return [
    {
      id: 'cpu',
      title: 'CPU (% of its cores)',
      fields: [{ key: 'cpu', scale: 100, series: s('CPU', BLUE, pct) }],
      axis: (v) => `${v.toFixed(0)}%`,
      yMax: 100,
    },
    {
      id: 'memory',
      title: 'Memory',
      fields: [
        { key: 'mem', series: s('Used', BLUE, bytes) },
        ...(kind === 'qemu' && hasMemhost
          ? [{ key: 'memhost', series: s('Host', GRAPE, bytes) }]
          : []),
        { key: 'maxmem', series: s('Limit', GRAY, bytes, true) },
      ],
      axis: bytes,
    },
    {
      id: 'network',
      title: 'Network',
      fields: [
        { key: 'netin', series: s('In', TEAL, perSec) },
        { key: 'netout', series: s('Out', ORANGE, perSec) },
      ],
      axis: perSec,
    },
    {
      id: 'disk',
      title: 'Disk I/O',
      fields: [
        { key: 'diskread', series: s('Read', BLUE, perSec) },
        { key: 'diskwrite', series: s('Write', ORANGE, perSec) },
      ],
      axis: perSec,
    },
  ];
}

export const NODE_CHARTS: ChartDef[] = [
  {
    id: 'cpu',
    title: 'CPU and IO wait',
    fields: [
      { key: 'cpu', scale: 100, series: s('CPU', BLUE, pct) },
      { key: 'iowait', scale: 100, series: s('IO wait', ORANGE, pct) },
    ],
    axis: (v) => `${v.toFixed(0)}%`,
    yMax: 100,
  },
  {
    id: 'load',
    title: 'Server load',
    fields: [{ key: 'loadavg', series: s('Load (1 min)', GRAPE, load) }],
    axis: load,
  },
  {
    id: 'memory',
    title: 'Memory and swap',
    fields: [
      { key: 'memused', series: s('Used', BLUE, bytes) },
      { key: 'swapused', series: s('Swap used', ORANGE, bytes) },
      { key: 'memtotal', series: s('Total', GRAY, bytes, true) },
    ],
    axis: bytes,
  },
  {
    id: 'network',
    title: 'Network',
    fields: [
      { key: 'netin', series: s('In', TEAL, perSec) },
      { key: 'netout', series: s('Out', ORANGE, perSec) },
    ],
    axis: perSec,
  },
  {
    id: 'rootfs',
    title: 'Root disk',
    fields: [
      { key: 'rootused', series: s('Used', BLUE, bytes) },
      { key: 'roottotal', series: s('Size', GRAY, bytes, true) },
    ],
    axis: bytes,
  },
];

/** A live sample as an rrddata-like point (its time in seconds), for the hour view's tail. */
export function livePoint(stats: LiveStats, timeMs: number): RrdPoint | undefined {
  const time = timeMs / 1000;
  if (stats.kind === 'node') {
    const p: RrdPoint = { time };
    if (stats.cpu !== undefined) p.cpu = stats.cpu;
    if (stats.wait !== undefined) p.iowait = stats.wait;
    if (stats.loadavg) p.loadavg = stats.loadavg[0];
    if (stats.memory)
      Object.assign(p, { memused: stats.memory.used, memtotal: stats.memory.total });
    if (stats.swap) p.swapused = stats.swap.used;
    if (stats.rootfs)
      Object.assign(p, { rootused: stats.rootfs.used, roottotal: stats.rootfs.total });
    return p;
  }
  if (stats.status === 'stopped') return undefined;
  const p: RrdPoint = { time };
  for (const k of ['cpu', 'mem', 'maxmem', 'memhost'] as const) {
    const v = stats[k];
    if (v !== undefined) p[k] = v;
  }
  const r = stats.rates;
  if (r) for (const [k, v] of Object.entries(r)) if (v !== undefined) p[k] = v;
  return p;
}

/** The chart's columns: times, then one column per field (null where a point has no value). */
export function toAligned(def: ChartDef, points: readonly RrdPoint[]): uPlot.AlignedData {
  const times = points.map((p) => p.time);
  const cols = def.fields.map(({ key, scale = 1 }) =>
    points.map((p) => {
      const v = p[key];
      return v === undefined ? null : v * scale;
    }),
  );
  return [times, ...cols];
}
