// The scale bench's rows for one mode (scale.ts): the client's CPU per tick and its ratios to the
// floor, the UI thread's longest block beside an idle process's and its longest GC pause, and the
// bytes to the window.

import type { Row } from './report';
import type { measureFloor } from './scale-floor';
import { summarize } from './stats';

export interface ModeResult {
  ticks: number;
  cpuPerTick: number;
  /** The main thread's share of cpuPerTick (Linux only). */
  mainCpuPerTick: number | undefined;
  /** The main thread's garbage collection (V8's gc entries) per tick, ms. */
  mainGcPerTick: number;
  cpuPerInterval: number[];
  blockPerInterval: number[];
  /** An idle process's longest event-loop delay over the same intervals (scale-reference.ts). */
  referencePerInterval: number[];
  /** The UI thread's longest single GC pause over those intervals, ms. */
  longestGcPause: number;
  bytes: Map<string, number>;
  /** Requests per tick of one profile, by `METHOD path`, over the mode's periods. */
  requests: Record<string, number>;
}

type Floor = Awaited<ReturnType<typeof measureFloor>>;

export function modeRows(label: string, r: ModeResult, floor: Floor): Row[] {
  const rows: Row[] = [];
  const s = `client, ${label} ticks (${r.ticks.toFixed(1)} ticks of every profile)`;
  const bytes = [...r.bytes.values()].reduce((a, b) => a + b, 0);
  const resBytes = (r.bytes.get('resources') ?? 0) + (r.bytes.get('metrics') ?? 0);
  rows.push(
    {
      section: s,
      label: 'process CPU per tick, all profiles (mean)',
      unit: 'count',
      value: round(r.cpuPerTick),
    },
    ...(r.mainCpuPerTick === undefined
      ? []
      : [
          {
            section: s,
            label: 'of which the UI thread (the main thread: it only forwards) (mean)',
            unit: 'count' as const,
            value: round(r.mainCpuPerTick),
          },
          {
            section: s,
            label: '… of which its garbage collection (mean)',
            unit: 'count' as const,
            value: round(r.mainGcPerTick),
          },
        ]),
    {
      section: s,
      label: 'ratio to the floor (means over whole intervals)',
      unit: 'count',
      value: round(r.cpuPerTick / floor.intervalMean, 2),
    },
    {
      section: s,
      label: 'ratio to the fetch and parse alone (its median)',
      unit: 'count',
      value: round(r.cpuPerTick / floor.cpu.median, 2),
    },
    {
      section: s,
      label: 'UI thread: event loop longest block (ms)',
      unit: 'count',
      value: round(Math.max(...r.blockPerInterval, 0)),
    },
    {
      section: s,
      label: '… an idle process beside it, same intervals (the machine) (ms)',
      unit: 'count',
      value: round(Math.max(...r.referencePerInterval, 0)),
    },
    {
      section: s,
      label: 'UI thread: longest garbage-collection pause (ms)',
      unit: 'count',
      value: round(r.longestGcPause),
    },
    {
      section: s,
      label: 'bytes to the window per tick: resources + metrics',
      unit: 'bytes',
      value: Math.round(resBytes / Math.max(1, r.ticks)),
    },
    {
      section: s,
      label: 'bytes to the window per tick: all events',
      unit: 'bytes',
      value: Math.round(bytes / Math.max(1, r.ticks)),
    },
  );
  if (r.cpuPerInterval.length > 0) {
    rows.push({
      section: s,
      label: 'process CPU per 3 s interval',
      unit: 'ms',
      summary: summarize(r.cpuPerInterval),
    });
  }
  if (r.blockPerInterval.length > 0) {
    rows.push({
      section: s,
      label: 'UI thread: event loop longest block, per interval',
      unit: 'ms',
      summary: summarize(r.blockPerInterval),
    });
  }
  if (r.referencePerInterval.length > 0) {
    rows.push({
      section: s,
      label: '… an idle process beside it, per interval',
      unit: 'ms',
      summary: summarize(r.referencePerInterval),
    });
  }
  return rows;
}

export function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
