// The renderer's cost of a tick at scale: replay the resource (and metric) events one window got
// over the live ticks, all profiles together, through the renderer store, tick by tick.

import { performance } from 'node:perf_hooks';
import * as store from '../../renderer/src/store/resources';
import type { Resource, ResourceEvent } from '../../shared/model';
import type { RecordedEvent } from './scale-window';
import { keep } from './stats';

export interface ReplayStart {
  profileId: string;
  seq: number;
  items: Resource[];
}

type MetricsApply = (state: store.ResourcesState, event: unknown) => store.ResourcesState;

/** The store's metrics merge, where this version of the renderer has one. */
function metricsApply(): MetricsApply | undefined {
  const fn = (store as Record<string, unknown>)['applyMetricsEvent'];
  return typeof fn === 'function' ? (fn as MetricsApply) : undefined;
}

/** Milliseconds per tick bucket, over `passes` replays from the same starting state. */
export function replayTicks(
  starts: readonly ReplayStart[],
  buckets: readonly RecordedEvent[][],
  passes = 5,
): number[] {
  let base: store.ResourcesState = {};
  for (const s of starts) {
    base = store.applyResourceEvent(base, { kind: 'snapshot', ...s });
  }
  const firstSeq = new Map(starts.map((s) => [s.profileId, s.seq]));
  const applyMetrics = metricsApply();
  const samples: number[] = [];
  for (let p = 0; p < passes; p++) {
    let state = base;
    for (const bucket of buckets) {
      const t0 = performance.now();
      for (const e of bucket) {
        if (e.name === 'resources') {
          const ev = e.payload as ResourceEvent;
          if (ev.kind === 'delta' && ev.seq <= (firstSeq.get(ev.profileId) ?? 0)) continue;
          state = store.applyResourceEvent(state, ev);
        } else if (applyMetrics) {
          state = applyMetrics(state, e.payload);
        }
      }
      samples.push(performance.now() - t0);
    }
    keep(state);
  }
  return samples;
}
