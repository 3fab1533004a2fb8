// `npm run bench -- --profiles 20 --guests 500`: the client's cost at scale. N demo clusters (in
// child processes, frozen wall clock: see scale-demo-child.ts) behind one core with the app's
// timings, its sessions ticking on their own 3 s schedule, and one window as the browser host
// serves it. Per mode (live: every clock moves 3 s per tick; 1 % churn: the tags of 1 % of the
// guests change; idle: nothing changes) it measures the process's CPU per tick of all profiles,
// the event loop's longest block and the bytes to the window; then the floor (fetch + JSON.parse
// of the same replies, same run), renderer apply, memory over a long run, and cold start.

import { existsSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Core } from '../../electron/core';
import { isGuest } from '../../shared/model';
import { createTestCore } from '../kit/core';
import type { Row } from './report';
import { replayTicks, type ReplayStart } from './scale-apply';
import { cpuMs, Driver, TICK_MS, type Mode } from './scale-driver';
import { measureFloor } from './scale-floor';
import { startScaleDemos, type ScaleDemos } from './scale-demos';
import { gcTime, mainThreadCpuMs, startProfile } from './scale-probes';
import { ScaleWindow } from './scale-window';
import { summarize } from './stats';

const MODE_LABEL: Record<Mode, string> = { live: 'live', churn: '1 % churn', idle: 'idle' };

export interface ScaleOptions {
  profiles: number;
  guests: number;
  /** Measured ticks per mode. */
  ticks: number;
  /** Length of the long (live) run for the memory figures, minutes. */
  minutes: number;
  /** Measure cold start at the end (default true). */
  coldStart?: boolean;
}

const MiB = 1024 ** 2;

async function addProfiles(core: Core, demos: ScaleDemos, win: ScaleWindow): Promise<string[]> {
  const online = new Set<string>();
  win.on('connection', (p) => {
    const s = p as { profileId: string; status: string };
    if (s.status === 'online') online.add(s.profileId);
  });
  const ids: string[] = [];
  for (const [i, info] of demos.infos.entries()) {
    const p = await core.handlers['profiles.add']({
      name: `scale-${i + 1}`,
      url: info.url,
      fingerprint: info.fingerprint,
      auth: { mode: 'token', tokenId: info.tokenId, secret: info.tokenSecret },
    });
    ids.push(p.id);
  }
  const t0 = performance.now();
  while (!ids.every((id) => online.has(id))) {
    if (performance.now() - t0 > 120_000) throw new Error('profiles did not all come online');
    await sleep(200);
  }
  return ids;
}

/** Watch one guest's metrics as an open detail view would, where the contract has the call. */
async function watchOneGuest(core: Core, win: ScaleWindow, profileId: string): Promise<string> {
  const watch = (core.handlers as unknown as Record<string, unknown>)['resources.watchMetrics'];
  if (typeof watch !== 'function') return 'no metric subscriptions in this version';
  const snap = await core.handlers['resources.snapshot']({ profileId });
  const guest = snap.items.find((r) => isGuest(r) && r.status === 'running');
  if (!guest) return 'no running guest to watch';
  await (watch as (a: unknown, c: unknown) => Promise<unknown>)(
    { profileId, ids: [guest.id] },
    { clientId: win.clientId },
  );
  return `the window watches the metrics of ${guest.id} (an open detail view)`;
}

interface ModeResult {
  ticks: number;
  cpuPerTick: number;
  /** The main thread's share of cpuPerTick (Linux only). */
  mainCpuPerTick: number | undefined;
  /** The main thread's garbage collection (V8's gc entries) per tick, ms. */
  mainGcPerTick: number;
  cpuPerInterval: number[];
  blockPerInterval: number[];
  bytes: Map<string, number>;
  /** Requests per tick of one profile, by `METHOD path`, over the mode's periods. */
  requests: Record<string, number>;
}

async function measureMode(
  demos: ScaleDemos,
  driver: Driver,
  win: ScaleWindow,
  mode: Mode,
  ticks: number,
  profiles: number,
): Promise<ModeResult> {
  driver.mode = mode;
  await sleep(TICK_MS * 1.5); // the change of mode reaches every session first
  // CPU first, with no probe on the event loop: a 5 ms delay monitor wakes the loop 600 times a
  // tick, which on this machine costs about 50 ms of CPU per 3 s (more than some modes' work).
  const cpuPerInterval: number[] = [];
  let c = process.cpuUsage();
  const markCpu = () => {
    const now = process.cpuUsage();
    cpuPerInterval.push(cpuMs(process.cpuUsage(c)));
    c = now;
  };
  const req0 = await demos.resourceRequests();
  const paths0 = await demos.pathCounts();
  win.takeBytes();
  const c0 = process.cpuUsage();
  const m0 = mainThreadCpuMs();
  const gc = gcTime();
  c = process.cpuUsage();
  driver.onTick.push(markCpu);
  const profiler = await startProfile();
  await sleep(TICK_MS * ticks);
  await profiler?.(mode);
  driver.onTick.splice(driver.onTick.indexOf(markCpu), 1);
  const gcMs = gc.stop();
  const total = cpuMs(process.cpuUsage(c0));
  const m1 = mainThreadCpuMs();
  const bytes = win.takeBytes();
  const done = ((await demos.resourceRequests()) - req0) / profiles;
  const requests: Record<string, number> = {};
  for (const [k, v] of Object.entries(await demos.pathCounts())) {
    const n = (v - (paths0[k] ?? 0)) / profiles / Math.max(1, done);
    if (n > 0) requests[k] = round(n, 2);
  }
  // Then the event loop's longest block, over further periods of the same mode.
  const h = monitorEventLoopDelay({ resolution: 5 });
  const blockPerInterval: number[] = [];
  const markBlock = () => {
    blockPerInterval.push(h.max / 1e6);
    h.reset();
  };
  h.enable();
  driver.onTick.push(markBlock);
  await sleep(TICK_MS * Math.max(3, Math.ceil(ticks / 2)));
  driver.onTick.splice(driver.onTick.indexOf(markBlock), 1);
  h.disable();
  return {
    ticks: done,
    cpuPerTick: total / Math.max(1, done),
    mainGcPerTick: gcMs / Math.max(1, done),
    mainCpuPerTick:
      m0 !== undefined && m1 !== undefined ? (m1 - m0) / Math.max(1, done) : undefined,
    cpuPerInterval: cpuPerInterval.slice(1),
    blockPerInterval: blockPerInterval.slice(1),
    bytes,
    requests,
  };
}

/** A full collection first (V8's gc, exposed here without a flag on the command line). */
function memory(): { heap: number; rss: number } {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  const m = process.memoryUsage();
  return { heap: m.heapUsed / MiB, rss: m.rss / MiB };
}

async function coldStart(opts: ScaleOptions): Promise<{ rows: Row[]; note: string }> {
  const path = fileURLToPath(new URL('./cold-start.ts', import.meta.url));
  if (!existsSync(path)) return { rows: [], note: 'cold-start paint: not measured' };
  const mod = (await import(path)) as Record<string, unknown>;
  const fn = mod['benchColdStart'];
  if (typeof fn !== 'function') return { rows: [], note: 'cold-start paint: not measured' };
  const rows = (await (fn as (o: unknown) => Promise<Row[]>)({
    profiles: opts.profiles,
    guests: opts.guests,
  })) as Row[];
  return { rows, note: '' };
}

export async function benchScale(opts: ScaleOptions): Promise<{ rows: Row[]; notes: string[] }> {
  const notes: string[] = [];
  const rows: Row[] = [];
  const demos = await startScaleDemos(opts.profiles, opts.guests);
  let core: Core | undefined;
  let win: ScaleWindow | undefined;
  let driver: Driver | undefined;
  try {
    const floor = await measureFloor(demos, 10);
    const sec = `floor: fetch + JSON.parse of ${opts.profiles} replies (keep-alive HTTPS)`;
    rows.push(
      {
        section: sec,
        label: 'process CPU per 3 s interval, as the client is measured (the floor)',
        unit: 'ms',
        summary: floor.interval,
      },
      {
        section: sec,
        label: 'process CPU per 3 s interval, mean (the floor the ratios use)',
        unit: 'count',
        value: round(floor.intervalMean),
      },
      {
        section: sec,
        label: 'CPU of the fetch and parse alone, timed around them',
        unit: 'ms',
        summary: floor.cpu,
      },
      {
        section: sec,
        label: 'reply bytes per tick, all profiles',
        unit: 'bytes',
        value: floor.replyBytes,
      },
    );

    // The app's timings, with the address indexes off (concurrency 0): they read every guest
    // once at start (10,000 reads at 20 × 500), then about one a second per profile; not refresh.
    ({ core } = await createTestCore({ timings: 'app', addressTimings: { concurrency: 0 } }));
    win = new ScaleWindow(core);
    driver = new Driver(demos, floor.guestIds);
    const t0 = performance.now();
    const profileIds = await addProfiles(core, demos, win);
    const onlineMs = performance.now() - t0;
    await sleep(3 * TICK_MS); // warm-up: three ticks of every profile
    notes.push(
      `All ${opts.profiles} profiles online ${(onlineMs / 1000).toFixed(1)} s after adding; ` +
        'then 3 warm-up ticks. Address indexes off (they read every guest once at start).',
    );
    notes.push(await watchOneGuest(core, win, profileIds[0]!));
    const memStart = memory();
    const longStart = performance.now();

    const results = new Map<Mode, ModeResult>();
    let starts: ReplayStart[] = [];
    let buckets: ReturnType<ScaleWindow['stopRecording']> = [];
    for (const mode of ['live', 'churn', 'idle'] as const) {
      if (mode === 'live') {
        // The renderer replay starts from each profile's snapshot, with the live ticks after it.
        driver.mode = 'live';
        win.startRecording();
        const rec = () => win!.nextBucket();
        driver.onTick.push(rec);
        starts = await Promise.all(
          profileIds.map(async (profileId) => ({
            profileId,
            ...(await core!.handlers['resources.snapshot']({ profileId })),
          })),
        );
        results.set(mode, await measureMode(demos, driver, win, mode, opts.ticks, opts.profiles));
        driver.onTick.splice(driver.onTick.indexOf(rec), 1);
        buckets = win.stopRecording();
      } else {
        results.set(mode, await measureMode(demos, driver, win, mode, opts.ticks, opts.profiles));
      }
    }

    for (const [mode, r] of results) {
      const list = Object.entries(r.requests).map(([k, v]) => `${k} ${v}`);
      notes.push(`Requests per tick of one profile, ${MODE_LABEL[mode]}: ${list.join(', ')}`);
      const s = `client, ${MODE_LABEL[mode]} ticks (${r.ticks.toFixed(1)} ticks of every profile)`;
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
                label: 'of which the main thread (mean)',
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
          label: 'event loop longest block per tick (ms)',
          unit: 'count',
          value: round(Math.max(...r.blockPerInterval, 0)),
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
          label: 'event loop longest block, per interval',
          unit: 'ms',
          summary: summarize(r.blockPerInterval),
        });
      }
    }

    const apply = replayTicks(starts, buckets);
    const sa = `renderer store: apply one live tick of ${opts.profiles} profiles (${buckets.length} ticks × 5 passes)`;
    if (apply.length > 0)
      rows.push({
        section: sa,
        label: 'applyResourceEvent (+ metrics) per tick',
        unit: 'ms',
        summary: summarize(apply),
      });
    const p95 = apply.length
      ? [...apply].sort((a, b) => a - b)[Math.ceil(apply.length * 0.95) - 1]!
      : 0;
    rows.push({ section: sa, label: 'apply per tick, p95 (ms)', unit: 'count', value: round(p95) });

    driver.mode = 'live';
    const rest = opts.minutes * 60_000 - (performance.now() - longStart);
    if (rest > 0) await sleep(rest);
    const memEnd = memory();
    const minutes = (performance.now() - longStart) / 60_000;
    const sm = `memory of the client process over ${minutes.toFixed(1)} min of ticks (after warm-up)`;
    rows.push(
      { section: sm, label: 'heapUsed at start (MiB)', unit: 'count', value: round(memStart.heap) },
      { section: sm, label: 'heapUsed at end (MiB)', unit: 'count', value: round(memEnd.heap) },
      { section: sm, label: 'RSS at start (MiB)', unit: 'count', value: round(memStart.rss) },
      { section: sm, label: 'RSS at end (MiB)', unit: 'count', value: round(memEnd.rss) },
    );
  } finally {
    driver?.stop();
    await win?.dispose();
    await core?.dispose();
    await demos.close();
  }
  if (opts.coldStart === false) return { rows, notes };
  const cold = await coldStart(opts).catch((err: unknown) => ({
    rows: [] as Row[],
    note: `cold-start paint: not measured (${String((err as Error).message ?? err).split('\n')[0]})`,
  }));
  rows.push(...cold.rows);
  if (cold.note) notes.push(cold.note);
  return { rows, notes };
}

function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
