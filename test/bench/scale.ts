// `npm run bench -- --profiles 20 --guests 500`: the client's cost at scale. N demo clusters (in
// child processes, frozen wall clock: see scale-demo-child.ts) behind one core on its own thread,
// as both hosts run it, with the app's timings, its sessions ticking on their own 3 s schedule, and
// one window as the browser host serves it. Per mode (live: every clock moves 3 s per tick; 1 %
// churn: the tags of 1 % of the guests change; idle: nothing changes) it measures the process's
// CPU per tick of all profiles, the UI thread's longest block and the bytes to the window; then
// the floor (fetch + JSON.parse of the same replies, same run), renderer apply, memory over a
// long run, and cold start.

import { existsSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CoreWorker } from '../../electron/host/core-thread/core-worker';
import { isGuest } from '../../shared/model';
import { createWorkerTestCore } from '../kit/worker-core';
import type { Row } from './report';
import { replayTicks, type ReplayStart } from './scale-apply';
import { cpuMs, Driver, TICK_MS, type Mode } from './scale-driver';
import { measureFloor } from './scale-floor';
import { modeRows, round, type ModeResult } from './scale-rows';
import { startScaleDemos, type ScaleDemos } from './scale-demos';
import { gcTime, mainThreadCpuMs, startProfile } from './scale-probes';
import { ScaleWindow } from './scale-window';
import { startReferenceProbe, type ReferenceProbe } from './scale-reference';
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

async function addProfiles(
  core: CoreWorker,
  demos: ScaleDemos,
  win: ScaleWindow,
): Promise<string[]> {
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
async function watchOneGuest(
  core: CoreWorker,
  win: ScaleWindow,
  profileId: string,
): Promise<string> {
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

async function measureMode(
  demos: ScaleDemos,
  reference: ReferenceProbe,
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
  // Then the event loop's longest block, over further periods of the same mode, beside an idle
  // process's (the machine's own lateness) and this thread's longest GC pause.
  const h = monitorEventLoopDelay({ resolution: 5 });
  const blockPerInterval: number[] = [];
  const referencePerInterval: number[] = [];
  const pauses = gcTime();
  const markBlock = () => {
    blockPerInterval.push(h.max / 1e6);
    h.reset();
    void reference.take().then((ms) => referencePerInterval.push(ms));
  };
  await reference.take();
  h.enable();
  driver.onTick.push(markBlock);
  await sleep(TICK_MS * Math.max(3, Math.ceil(ticks / 2)));
  driver.onTick.splice(driver.onTick.indexOf(markBlock), 1);
  h.disable();
  pauses.stop();
  return {
    ticks: done,
    cpuPerTick: total / Math.max(1, done),
    mainGcPerTick: gcMs / Math.max(1, done),
    mainCpuPerTick:
      m0 !== undefined && m1 !== undefined ? (m1 - m0) / Math.max(1, done) : undefined,
    cpuPerInterval: cpuPerInterval.slice(1),
    blockPerInterval: blockPerInterval.slice(1),
    referencePerInterval: referencePerInterval.slice(1),
    longestGcPause: pauses.longest(),
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
  let core: CoreWorker | undefined;
  let win: ScaleWindow | undefined;
  let driver: Driver | undefined;
  let reference: ReferenceProbe | undefined;
  try {
    reference = await startReferenceProbe();
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
    // Core on its own thread, as both hosts run it: this event loop is the one serving the UI.
    ({ core } = await createWorkerTestCore({
      appTimings: true,
      timings: { addressTimings: { concurrency: 0 } },
    }));
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
    // The core thread's heap in use, once a tick (its floor after its own collections is the
    // figure: this thread's full GC does not reach another isolate).
    const coreHeap: number[] = [];
    const sampleHeap = () =>
      void core?.heapUsed().then(
        (b) => coreHeap.push(b / MiB),
        () => {},
      );
    driver.onTick.push(sampleHeap);

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
        results.set(
          mode,
          await measureMode(demos, reference!, driver, win, mode, opts.ticks, opts.profiles),
        );
        driver.onTick.splice(driver.onTick.indexOf(rec), 1);
        buckets = win.stopRecording();
      } else {
        results.set(
          mode,
          await measureMode(demos, reference!, driver, win, mode, opts.ticks, opts.profiles),
        );
      }
    }

    for (const [mode, r] of results) {
      const list = Object.entries(r.requests).map(([k, v]) => `${k} ${v}`);
      notes.push(`Requests per tick of one profile, ${MODE_LABEL[mode]}: ${list.join(', ')}`);
      rows.push(...modeRows(MODE_LABEL[mode], r, floor));
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
    driver.onTick.splice(driver.onTick.indexOf(sampleHeap), 1);
    const floorOf = (xs: number[]) => (xs.length ? Math.min(...xs) : 0);
    const minutes = (performance.now() - longStart) / 60_000;
    const sm = `memory of the client process over ${minutes.toFixed(1)} min of ticks (after warm-up)`;
    rows.push(
      {
        section: sm,
        label: 'UI thread heapUsed at start, after a full GC (MiB)',
        unit: 'count',
        value: round(memStart.heap),
      },
      {
        section: sm,
        label: 'UI thread heapUsed at end, after a full GC (MiB)',
        unit: 'count',
        value: round(memEnd.heap),
      },
      { section: sm, label: 'RSS at start (MiB)', unit: 'count', value: round(memStart.rss) },
      { section: sm, label: 'RSS at end (MiB)', unit: 'count', value: round(memEnd.rss) },
      {
        section: sm,
        label: 'core thread heap, lowest of the first 10 ticks (MiB)',
        unit: 'count',
        value: round(floorOf(coreHeap.slice(0, 10))),
      },
      {
        section: sm,
        label: 'core thread heap, lowest of the last 10 ticks (MiB)',
        unit: 'count',
        value: round(floorOf(coreHeap.slice(-10))),
      },
    );
  } finally {
    driver?.stop();
    await reference?.close();
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
