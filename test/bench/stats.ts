// Summaries of repeated measurements and the small timing helpers the benches share. Figures only:
// nothing here passes or fails on time.

import { performance } from 'node:perf_hooks';

export interface Summary {
  n: number;
  median: number;
  p90: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of sorted samples (p in 0..100). */
function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    n: sorted.length,
    median,
    p90: percentile(sorted, 90),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}

/** Wall-clock milliseconds of `fn`, `runs` times after `warmup` untimed runs. */
export function timeSync(fn: () => unknown, runs: number, warmup = Math.ceil(runs / 10)): number[] {
  let sink: unknown;
  for (let i = 0; i < warmup; i++) sink = fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    sink = fn();
    samples.push(performance.now() - t0);
  }
  keep(sink);
  return samples;
}

/** Holds the last result, so the optimiser cannot drop the work that made it. */
export let blackHole: unknown;
export function keep(value: unknown): void {
  blackHole = value;
}

/** Size in bytes of the UTF-8 JSON text of `value`, as the browser host puts it on the wire. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
