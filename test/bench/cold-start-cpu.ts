// The page's main-thread CPU in a Chromium trace of a cold start (test/bench/cold-start.ts): thread
// time of its tasks up to the paint mark, in all and by kind of work.

import type { Row } from './report';
import { summarize } from './stats';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
}
export interface TraceFile {
  traceEvents: TraceEvent[];
}

/** The page's main thread until the paint: CPU (thread time) in all, and in what kind of work. */
export interface MainThreadCpu {
  all: number;
  script: number;
  style: number;
  layout: number;
  paint: number;
}

const KINDS: Record<string, keyof Omit<MainThreadCpu, 'all'>> = {
  FunctionCall: 'script',
  EvaluateScript: 'script',
  'v8.evaluateModule': 'script',
  RunMicrotasks: 'script',
  FireAnimationFrame: 'script',
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  Paint: 'paint',
  PrePaint: 'paint',
  Layerize: 'paint',
};

export function mainThreadCpu(trace: TraceFile): MainThreadCpu {
  const ev = trace.traceEvents;
  const mark = ev.find((e) => e.name === 'cold-start-painted');
  const out: MainThreadCpu = { all: 0, script: 0, style: 0, layout: 0, paint: 0 };
  if (!mark) return out;
  const mine = ev
    .filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X' && e.ts <= mark.ts)
    .sort((a, b) => a.ts - b.ts);
  // Top-level events of each kind only (a FunctionCall inside a RunMicrotasks counts once).
  const ends: Partial<Record<keyof MainThreadCpu, number>> = {};
  for (const e of mine) {
    const kind = e.name === 'RunTask' ? 'all' : KINDS[e.name];
    if (!kind || e.ts < (ends[kind] ?? 0)) continue;
    ends[kind] = e.ts + (e.dur ?? 0);
    out[kind] += (e.tdur ?? e.dur ?? 0) / 1000;
  }
  return out;
}

export function cpuRows(section: string, cpu: readonly MainThreadCpu[]): Row[] {
  if (cpu.length === 0) return [];
  const label: Record<keyof MainThreadCpu, string> = {
    all: 'all tasks (parse and GC included)',
    script: 'script run (the bundle, React, handlers)',
    style: 'style',
    layout: 'layout',
    paint: 'paint',
  };
  return (Object.keys(label) as (keyof MainThreadCpu)[]).map((k) => ({
    section: `${section}, the page's main thread CPU until the paint (traced runs)`,
    label: label[k],
    unit: 'ms' as const,
    summary: summarize(cpu.map((c) => c[k])),
  }));
}
