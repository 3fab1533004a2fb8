// 1. A ProfileSession's refresh tick against the demo over real HTTPS, end to end: request, JSON
// parse, validation, normalisation, diff and the emitted event. The demo's clock moves 3 s (the
// refresh interval) before every tick, so each tick sees new stats, as on a live cluster.

import { performance } from 'node:perf_hooks';
import { ProfileSession } from '../../electron/core';
import type { ProfileInfo, ResourceEvent } from '../../shared/model';
import {
  movesAsPatches,
  type SessionResourceEvent,
} from '../../electron/core/session/metric-moves';
import type { DemoProcess } from './demo-process';
import type { Row } from './report';
import { jsonBytes, summarize } from './stats';

export const TICK_SECONDS = 3;

export interface TickResult {
  rows: Row[];
  snapshot: Extract<ResourceEvent, { kind: 'snapshot' }>;
  /** The deltas the measured ticks emitted, in order. */
  deltas: Extract<ResourceEvent, { kind: 'delta' }>[];
}

export async function benchTick(
  demo: DemoProcess,
  opts: { warmup: number; runs: number },
): Promise<TickResult> {
  const events: ResourceEvent[] = [];
  const profile: ProfileInfo = {
    id: 'bench',
    name: 'Bench',
    url: demo.info.url,
    authMode: 'password',
    username: 'root',
    realm: 'pam',
    fingerprint: demo.info.fingerprint,
    isDemo: true,
  };
  const session = new ProfileSession({
    profile,
    credentials: { mode: 'password', username: 'root', realm: 'pam', password: demo.info.password },
    listeners: {
      connection: () => undefined,
      resources: (e) => events.push(unpacked(e)),
      task: () => {},
    },
    // Never started: only the bench's explicit tick() calls refresh, no timer runs.
    refreshIntervalMs: 3_600_000,
  });
  try {
    const loginStart = performance.now();
    await session.tick();
    const firstTickMs = performance.now() - loginStart;
    const snapshot = events[0];
    if (snapshot?.kind !== 'snapshot') throw new Error('the first tick sent no snapshot');

    for (let i = 0; i < opts.warmup; i++) {
      await demo.advance(TICK_SECONDS);
      await session.tick();
    }
    events.length = 0;

    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      await demo.advance(TICK_SECONDS);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await session.tick();
      wall.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    const deltas = events.filter((e) => e.kind === 'delta');
    if (deltas.length !== opts.runs) {
      throw new Error(`expected one delta per tick, got ${deltas.length} of ${opts.runs}`);
    }
    const section = 'main process: refresh tick, live demo over HTTPS';
    const changed = summarize(deltas.map((d) => d.changed.length)).median;
    const rows: Row[] = [
      {
        section,
        label: 'first tick: login + version + snapshot (once)',
        unit: 'ms',
        summary: summarize([firstTickMs]),
      },
      { section, label: 'tick, wall time end to end', unit: 'ms', summary: summarize(wall) },
      { section, label: 'tick, main-process CPU (user+sys)', unit: 'ms', summary: summarize(cpu) },
      { section, label: 'resources changed per live tick (median)', unit: 'count', value: changed },
    ];
    return { rows, snapshot, deltas };
  } finally {
    await session.dispose();
  }
}

/** The event with its packed metric moves (metric-moves.ts) back in its patches, as before. */
function unpacked(e: SessionResourceEvent): ResourceEvent {
  if (e.kind !== 'delta' || !e.metrics) return e;
  const { metrics, ...event } = e;
  const byId = new Map(event.changed.map((p) => [p.id, { ...p, set: { ...p.set } }]));
  for (const m of movesAsPatches(metrics)) {
    const p = byId.get(m.id);
    if (!p) byId.set(m.id, m);
    else {
      Object.assign(p.set, m.set);
      if (m.unset) p.unset = [...(p.unset ?? []), ...m.unset];
    }
  }
  return { ...event, changed: [...byId.values()] };
}

export function liveDeltaBytes(deltas: readonly ResourceEvent[]): number {
  return Math.round(summarize(deltas.map(jsonBytes)).median);
}
