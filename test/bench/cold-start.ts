// Cold start with cached profiles: N saved profiles whose clusters are away (the VPN is down) and
// whose last state is in the profile cache (M guests in all). As in Electron, the window opens at
// once and core starts on its thread, on a two-core machine once the window's first frame is
// painted (coreWaitsForFirstPaint; COLD_START_CORE=open|paint chooses), bundled as the app bundles
// it (core-thread-bundle.ts; COLD_START_TSX=1 loads it from the sources). It measures core's
// start (settings, caches read, sessions started), the page's load to the cached tree painted in Chromium (its stale profile rows aged,
// guest rows on screen), and the two together, with the page's side broken down by a probe in the
// page (when its bundle had run, its socket opened, the profile list and the first cached tree
// came, how many React commits and how long the longest task before the paint).
// The window's first frame (renderer/src/prepaint: the tree's top painted from the frame the
// renderer saved on the run before, inlined by the host, before the app's bundle runs) is timed
// on its own: a first run with the same data directory lets the app save it, then every timed run
// reports both "first frame painted (cached tree, inert)" and "app's own tree painted
// (interactive)". FIRST_FRAME=0 skips the first run (no saved frame: the app alone).
// Called by the scale bench (scale.ts) and alone: `npm run bench -- --only cold-start [--profiles N
// --guests N]`; COLD_START_RENDERER=<dir> measures another build of the renderer.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  FileCacheStore,
  JsonFileSettingsStore,
  MemorySecretStore,
  passwordKey,
} from '../../electron/core';
import { itemsText, toCacheText } from '../../electron/core/cache/cached-state';
import { CoreWorker, sourceCoreThreadScript } from '../../electron/host/core-thread/core-worker';
import { coreWaitsForFirstPaint, type WorkerScript } from '../../electron/host/core-thread/threads';
import { bundledCoreThreadScript } from './core-thread-bundle';
import { startBrowserHost } from '../../electron/serve/host';
import type { ProfileInfo, Resource } from '../../shared/model';
import { launchChromium } from '../kit/chromium';
import type { Row } from './report';
import { summarize } from './stats';
import { cpuRows, mainThreadCpu, type MainThreadCpu, type TraceFile } from './cold-start-cpu';

const STATIC_DIR =
  process.env.COLD_START_RENDERER ?? path.resolve(import.meta.dirname, '../../out/renderer');

/** What the probe records, in the page's clock (ms since its navigation started). */
interface Probe {
  /** the first frame's guest rows on screen (renderer/src/prepaint) */
  firstFrame?: number;
  /** the page's first contentful paint (Chromium's paint timing) */
  fcp?: number;
  /** index.html received (navigation timing's responseEnd) */
  htmlIn?: number;
  /** the first frame gone (the app's tree painted beneath it) */
  firstFrameGone?: number;
  wsNew?: number;
  wsOpen?: number;
  profiles?: number;
  firstSnapshot?: number;
  painted?: number;
  commits: number[];
  longTasks: { t: number; d: number }[];
  snapshotBytes: number;
}

/**
 * Runs in the page before its own scripts: wraps WebSocket (the bundle creates it once it has run;
 * replies are timed as their handler runs), counts React commits through the devtools hook, and
 * notes the first frame where the cached tree is on screen.
 */
const PROBE = `(() => {
  const p = (window.__coldStart = { commits: [], longTasks: [], snapshotBytes: 0 });
  const now = () => performance.now();
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = { supportsFiber: true, isDisabled: false,
    renderers: new Map(), inject: () => 1, checkDCE() {}, onScheduleFiberRoot() {},
    onCommitFiberRoot() { p.commits.push(now()); }, onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {}, setStrictMode() {} };
  const names = new Map();
  const Base = WebSocket;
  window.WebSocket = class extends Base {
    constructor(...args) { p.wsNew ??= now(); super(...args); this.addEventListener('open', () => { p.wsOpen ??= now(); }); }
    send(data) {
      if (typeof data === 'string') { const m = JSON.parse(data); if (m.t === 'call') names.set(m.id, m.name); }
      return super.send(data);
    }
    set onmessage(fn) {
      super.onmessage = (ev) => {
        const id = typeof ev.data === 'string' ? /"id":(\\d+)/.exec(ev.data.slice(0, 100)) : null;
        const name = id ? names.get(Number(id[1])) : undefined;
        if (name === 'profiles.list') p.profiles ??= now();
        if (name === 'resources.snapshot' && p.painted === undefined) { p.firstSnapshot ??= now(); p.snapshotBytes += ev.data.length; }
        fn.call(this, ev);
      };
    }
  };
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') { p.fcp = e.startTime; window.__coldStartPainted?.(); } }).observe({ type: 'paint', buffered: true }); } catch {}
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) p.longTasks.push({ t: e.startTime, d: e.duration }); }).observe({ type: 'longtask', buffered: true }); } catch {}
  const check = () => {
    const ff = document.getElementById('first-frame');
    if (p.firstFrame === undefined && ff && ff.querySelector('[data-kind="guest"]')) p.firstFrame = now();
    if (p.firstFrame !== undefined && p.firstFrameGone === undefined && !ff) p.firstFrameGone = now();
    if (document.querySelector('[data-testid="profile-row-age"]') && document.querySelector('[role="treeitem"][data-guest-id][data-stale]')) { p.painted = now(); performance.mark('cold-start-painted'); return; }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

export interface ColdStartOptions {
  profiles: number;
  /** Guests per profile (500: 10 000 over 20 profiles), as the scale bench counts them. */
  guests: number;
  runs?: number;
  /** Further runs under a Chromium trace, for the main thread's CPU (default 3). */
  tracedRuns?: number;
}

/** A port nobody listens on: every connection is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function clusterItems(p: number, guests: number): Resource[] {
  const items: Resource[] = [];
  for (let n = 1; n <= 3; n++) {
    items.push({ id: `node/pve${n}`, type: 'node', node: `pve${n}`, status: 'online', maxcpu: 32 });
  }
  for (let i = 0; i < guests; i++) {
    const vmid = 100 + i;
    const type = i % 3 === 0 ? 'lxc' : 'qemu';
    items.push({
      id: `${type}/${vmid}`,
      type,
      vmid,
      node: `pve${(i % 3) + 1}`,
      name: `c${p}-guest-${vmid}`,
      status: i % 4 === 0 ? 'stopped' : 'running',
      template: false,
      tags: i % 5 === 0 ? ['web'] : [],
      maxmem: 4 * 1024 ** 3,
    });
  }
  return items;
}

/** A data directory with the profiles saved and their last state cached; removed by the caller. */
export async function prepareColdStart(
  opts: ColdStartOptions,
): Promise<{ dir: string; profiles: ProfileInfo[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'deckhand-cold-'));
  const port = await closedPort();
  const profiles: ProfileInfo[] = Array.from({ length: opts.profiles }, (_, p) => ({
    id: `bench-${String(p).padStart(3, '0')}`,
    name: `Cluster ${p + 1}`,
    url: `https://127.0.0.1:${port}`,
    authMode: 'password',
    username: 'root',
    realm: 'pam',
    isDemo: false,
  }));
  await new JsonFileSettingsStore(path.join(dir, 'settings.json')).saveProfiles(profiles);
  const cache = new FileCacheStore(path.join(dir, 'cache'));
  const savedAt = Date.now() - 3 * 60_000;
  for (const [p, profile] of profiles.entries()) {
    const items = itemsText(clusterItems(p, opts.guests)).text;
    await cache.write(profile.id, toCacheText(profile.id, { savedAt, version: '9.1.2' }, items));
  }
  return { dir, profiles };
}

/** The app's tree on screen: the first profile's row says how old its state is, guests are shown. */
const appTreePainted = () =>
  document.querySelector('[data-testid="profile-row-age"]') !== null &&
  document.querySelector('[role="treeitem"][data-guest-id][data-stale]') !== null;

/** The profiles' passwords (never used: their clusters are away). */
async function secretsFor(profiles: readonly ProfileInfo[]): Promise<MemorySecretStore> {
  const secrets = new MemorySecretStore();
  for (const p of profiles) await secrets.set(passwordKey(p.id), 'not-used');
  return secrets;
}

/**
 * Core on its own thread on the data directory, returned at once while it starts: Electron opens
 * its window meanwhile, and the window's first frame must not wait for core.
 */
function openCore(
  dir: string,
  secrets: MemorySecretStore,
  script: WorkerScript,
  startAfter?: Promise<void>,
) {
  return CoreWorker.open({
    script,
    ...(startAfter ? { startAfter } : {}),
    settings: new JsonFileSettingsStore(path.join(dir, 'settings.json')),
    secrets,
    log: () => undefined,
    data: {
      host: 'browser',
      appVersion: '0.0.0-bench',
      demos: 'none',
      cacheDir: path.join(dir, 'cache'),
    },
  });
}

/**
 * One start with the data directory, as the user's last run: the app paints its tree and saves
 * its first frame (app.saveFirstFrame, a couple of seconds after its last change) for the next.
 */
async function saveFirstFrame(
  dir: string,
  profiles: readonly ProfileInfo[],
  browser: Awaited<ReturnType<typeof launchChromium>>,
  script: WorkerScript,
): Promise<void> {
  const c = openCore(dir, await secretsFor(profiles), script);
  await c.started;
  const host = await startBrowserHost({ core: c, staticDir: STATIC_DIR });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(host.url);
    await page.waitForFunction(appTreePainted, undefined, { timeout: 60_000, polling: 'raf' });
    const started = performance.now();
    while ((await c.firstFrame()) === undefined) {
      if (performance.now() - started > 30_000) throw new Error('the app saved no first frame');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await context.close();
    await host.close();
    await c.dispose();
  }
}

export async function benchColdStart(opts: ColdStartOptions): Promise<Row[]> {
  const runs = opts.runs ?? 5;
  const { dir, profiles } = await prepareColdStart(opts);
  const browser = await launchChromium();
  const withFrame = process.env.FIRST_FRAME !== '0';
  // The thread's script as the app loads it (COLD_START_TSX=1: from the sources, through tsx).
  const fromSources = process.env.COLD_START_TSX === '1';
  const script = fromSources ? sourceCoreThreadScript() : await bundledCoreThreadScript();
  // As the app decides on this machine (coreWaitsForFirstPaint); COLD_START_CORE=open|paint.
  const coreAtOpen =
    process.env.COLD_START_CORE === 'open' ||
    (process.env.COLD_START_CORE !== 'paint' && !coreWaitsForFirstPaint());
  if (withFrame) await saveFirstFrame(dir, profiles, browser, script);

  const core: number[] = [];
  const paint: number[] = [];
  const total: number[] = [];
  const probes: Probe[] = [];
  const cpu: MainThreadCpu[] = [];
  const traced = opts.tracedRuns ?? 3;
  try {
    // The last runs are traced (the page's main thread CPU until the paint); the first are not,
    // so that the wall times above carry no tracing cost.
    for (let run = 0; run < runs + traced; run++) {
      const trace = run >= runs;
      const secrets = await secretsFor(profiles);
      // As Electron does: the window opens at once, and core's thread starts once the window's
      // first frame is painted (ready-to-show there, the first contentful paint here), or at once
      // with COLD_START_CORE=open.
      let painted!: () => void;
      const framePainted = new Promise<void>((resolve) => (painted = resolve));
      const t0 = performance.now();
      const c = openCore(dir, secrets, script, coreAtOpen ? undefined : framePainted);
      const coreUp = c.started.then(() => performance.now());
      const host = await startBrowserHost({ core: c, staticDir: STATIC_DIR });
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      try {
        const page = await context.newPage();
        await page.exposeFunction('__coldStartPainted', () => painted());
        // As Electron's cap on that wait (electron/main/index.ts).
        setTimeout(painted, 1500).unref();
        await page.addInitScript(PROBE);
        const tracePath = path.join(dir, `trace-${run}.json`);
        if (trace)
          await browser.startTracing(page, {
            path: tracePath,
            categories: [
              'devtools.timeline',
              'disabled-by-default-devtools.timeline',
              'v8',
              'blink.user_timing',
            ],
          });
        const t2 = performance.now();
        await page.goto(host.url);
        // Painted: the first profile's row says how old its state is, and guest rows are shown.
        await page.waitForFunction(appTreePainted, undefined, { timeout: 60_000, polling: 'raf' });
        const t3 = performance.now();
        await page.waitForFunction(
          () => 'painted' in (window as { __coldStart?: object }).__coldStart!,
        );
        if (trace) {
          await browser.stopTracing();
          cpu.push(mainThreadCpu(JSON.parse(await readFile(tracePath, 'utf8')) as TraceFile));
          continue;
        }
        probes.push(
          await page.evaluate(() => {
            const probe = (window as unknown as { __coldStart: Probe }).__coldStart;
            const nav = window.performance.getEntriesByType('navigation')[0] as
              PerformanceNavigationTiming | undefined;
            const res = window.performance
              .getEntriesByType('resource')
              .map(
                (e) =>
                  `${e.name.split('/').pop()} ${Math.round(e.startTime)}-${Math.round((e as PerformanceResourceTiming).responseEnd)}`,
              );
            const marks = window.performance
              .getEntriesByType('mark')
              .map((m) => `${m.name}@${Math.round(m.startTime)}`);
            const n = nav
              ? `nav: fetchStart ${Math.round(nav.fetchStart)} reqStart ${Math.round(nav.requestStart)} respStart ${Math.round(nav.responseStart)} respEnd ${Math.round(nav.responseEnd)} domInteractive ${Math.round(nav.domInteractive)} dcl ${Math.round(nav.domContentLoadedEventStart)}`
              : '';
            // COLD_DEBUG=1 prints these per run: where the page's time went.
            (probe as unknown as { dbg: string }).dbg = [n, ...res, ...marks].join('\n');
            return { ...probe, ...(nav ? { htmlIn: nav.responseEnd } : {}) };
          }),
        );
        if (process.env.COLD_DEBUG)
          console.error((probes.at(-1) as unknown as { dbg: string }).dbg + '\n---');
        core.push((await coreUp) - t0);
        paint.push(t3 - t2);
        total.push(t3 - t0);
      } finally {
        await context.close();
        await host.close();
        await c.dispose();
      }
    }
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
  const section = `cold start: ${opts.profiles} cached profiles × ${opts.guests} guests (clusters away)${withFrame ? '' : ', no first frame saved'}`;
  return [
    {
      section,
      label: `start → core up on its thread (${fromSources ? 'from sources, tsx' : 'bundled, as the app'}; started ${coreAtOpen ? 'with the window' : 'once the first frame is painted'})`,
      unit: 'ms',
      summary: summarize(core),
    },
    // The page's own paint timing: Node's polling of a page whose thread runs the bundle would
    // see the first frame only once the bundle has run.
    ...(withFrame && probes.some((p) => p.fcp !== undefined && p.firstFrame !== undefined)
      ? [
          {
            section,
            label:
              'window opens → first frame painted (cached tree, inert; first contentful paint)',
            unit: 'ms' as const,
            summary: summarize(probes.flatMap((p) => (p.fcp !== undefined ? [p.fcp] : []))),
          },
        ]
      : []),
    {
      section,
      label: "window opens → app's own tree painted (interactive)",
      unit: 'ms',
      summary: summarize(paint),
    },
    { section, label: "start → app's own tree painted", unit: 'ms', summary: summarize(total) },
    ...breakdown(section, probes),
    ...cpuRows(section, cpu),
  ];
}

/** The page's side, in its own clock from navigation start (each row: the median over the runs). */
function breakdown(section: string, probes: readonly Probe[]): Row[] {
  const rows: Row[] = [];
  const at = (label: string, pick: (p: Probe) => number | undefined) => {
    const values = probes.map(pick).filter((v): v is number => v !== undefined);
    if (values.length > 0)
      rows.push({
        section: `${section}, in the page`,
        label,
        unit: 'ms',
        summary: summarize(values),
      });
  };
  at('index.html received', (p) => p.htmlIn);
  at('first contentful paint (the first frame, when there is one)', (p) => p.fcp);
  at('first frame painted (cached tree, inert)', (p) => p.firstFrame);
  at('first frame removed (the app took over)', (p) => p.firstFrameGone);
  at('bundle loaded and run (socket created)', (p) => p.wsNew);
  at('socket open', (p) => p.wsOpen);
  at('profiles.list answered', (p) => p.profiles);
  at('first resources.snapshot handled', (p) => p.firstSnapshot);
  at("app's own tree painted", (p) => p.painted);
  at('longest task before the paint', (p) =>
    Math.max(0, ...p.longTasks.filter((l) => l.t <= p.painted!).map((l) => l.d)),
  );
  const median = (pick: (p: Probe) => number) => summarize(probes.map(pick)).median;
  if (probes.length > 0) {
    rows.push({
      section: `${section}, in the page`,
      label: 'React commits before the paint (median)',
      unit: 'count',
      value: median((p) => p.commits.filter((t) => t <= p.painted!).length),
    });
    rows.push({
      section: `${section}, in the page`,
      label: 'resources.snapshot replies handled before the paint (median)',
      unit: 'bytes',
      value: median((p) => p.snapshotBytes),
    });
  }
  return rows;
}
