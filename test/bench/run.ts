// `npm run bench`: figures for a 5,000-guest demo cluster, printed as a table with the machine noted.
// Medians of repeated runs after a warm-up; nothing here passes or fails on time.
//   --ticks N   measured refresh ticks (default 30)   --runs N   runs of the pure functions (200)
//   --console-runs N   measured `cat` runs per console path (5)   --keystrokes N   per path (200)
//   --console-mib N    size of the file the shell prints (32)     --only resources|consoles|stats|logs
//   --log-seconds N    how long the log bench follows a journal (600)   --log-rate N   lines/s (1000)
//   --profiles N --guests N   the scale bench (implies --only scale): N demo clusters of N guests
//   --only cold-start  start with N cached profiles of N guests (20 × 500) to the tree painted
//   --minutes N        the scale bench's long run, for its memory figures (1); its --ticks default 8
//   --skip-cold-start  the scale bench without its cold-start figures (CPU and memory only)

import { parseArgs } from 'node:util';
import { benchConsoles, CONSOLE_CLUSTER } from './console';
import { benchCpuSide, replyBytes } from './cpu-side';
import { benchDeltaBytes, benchRendererApply } from './delta';
import { benchLogs } from './logs';
import { benchScale } from './scale';
import { benchColdStart } from './cold-start';
import { startDemoProcess, type DemoProcess } from './demo-process';
import { rawFetcher, type RawFetcher } from './raw';
import { machineLine, renderTable, type Row } from './report';
import { summarize } from './stats';
import { benchStatsView } from './stats-view';
import { benchTick, liveDeltaBytes, TICK_SECONDS } from './tick';

const CLUSTER = { seed: 7, nodes: 8, offlineNodes: 0, guests: 5_000 } as const;

function count(v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected a positive integer, got '${v}'`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ticks: { type: 'string' },
      runs: { type: 'string' },
      'console-runs': { type: 'string' },
      keystrokes: { type: 'string' },
      'console-mib': { type: 'string' },
      only: { type: 'string' },
      'log-seconds': { type: 'string' },
      'log-rate': { type: 'string' },
      profiles: { type: 'string' },
      guests: { type: 'string' },
      minutes: { type: 'string' },
      'skip-cold-start': { type: 'boolean' },
    },
  });
  const ticks = count(values.ticks, 30);
  const runs = count(values.runs, 200);
  const consoleOptions = {
    runs: count(values['console-runs'], 5),
    keystrokes: count(values.keystrokes, 200),
    fileMiB: count(values['console-mib'], 32),
  };
  const scale = values.profiles !== undefined || values.guests !== undefined;
  const only = values.only ?? (scale ? 'scale' : undefined);
  const benches = ['resources', 'consoles', 'stats', 'logs', 'scale', 'cold-start'];
  if (only !== undefined && !benches.includes(only)) {
    throw new Error(`--only takes ${benches.map((b) => `'${b}'`).join(', ')}, got '${only}'`);
  }
  const logOptions = {
    seconds: count(values['log-seconds'], 600),
    rate: count(values['log-rate'], 1000),
  };

  console.log(`Deckhand bench: ${machineLine()}`);
  if (only === undefined || only === 'resources') await benchResources(ticks, runs);
  if (only === undefined || only === 'consoles') await benchConsoleFigures(consoleOptions);
  if (only === undefined || only === 'stats') await benchStatsFigures(ticks);
  if (only === undefined || only === 'logs') await benchLogFigures(logOptions);
  if (only === 'cold-start') {
    const profiles = count(values.profiles, 20);
    const rows = await benchColdStart({ profiles, guests: count(values.guests, 500) });
    console.log(`${renderTable(rows)}\n`);
  }
  if (only === 'scale') {
    await benchScaleFigures({
      profiles: count(values.profiles, 20),
      guests: count(values.guests, 500),
      ticks: count(values.ticks, 8),
      minutes: Number(values.minutes ?? 1),
      coldStart: values['skip-cold-start'] !== true,
    });
  }
}

async function benchScaleFigures(opts: Parameters<typeof benchScale>[0]): Promise<void> {
  console.log(
    `Scale: ${opts.profiles} demo clusters × ${opts.guests} guests (3 nodes each, child processes, ` +
      `frozen wall clock, lowest priority), one core on its own thread with the app's timings (3 s ` +
      `ticks on their own schedule) and one window on this process's main thread (the UI thread); ` +
      `${opts.ticks} measured ticks per mode; long run ${opts.minutes} min.`,
  );
  const { rows, notes } = await benchScale(opts);
  console.log(`${renderTable(rows)}\n`);
  for (const line of notes) console.log(line);
  console.log('');
}

async function benchResources(ticks: number, runs: number): Promise<void> {
  console.log(
    `Demo cluster: ${CLUSTER.guests} guests on ${CLUSTER.nodes} nodes (all online), seed ${CLUSTER.seed}, ` +
      `in its own process on 127.0.0.1 over HTTPS; clock moved ${TICK_SECONDS} s before each tick.`,
  );
  console.log(`Ticks: 1 login tick, 5 warm-up, ${ticks} measured. Pure functions: ${runs} runs.\n`);

  let demo: DemoProcess | undefined;
  let raw: RawFetcher | undefined;
  try {
    demo = await startDemoProcess(CLUSTER);
    raw = rawFetcher(demo.info);
    const before = await raw.resources();
    await demo.advance(TICK_SECONDS);
    const after = await raw.resources();
    raw.close();
    raw = undefined;

    const tick = await benchTick(demo, { warmup: 5, runs: ticks });
    const liveChanged = summarize(tick.deltas.map((d) => d.changed.length)).median;
    const rows: Row[] = [
      {
        section: 'main process: refresh tick, live demo over HTTPS',
        label: 'GET /cluster/resources reply',
        unit: 'bytes',
        value: replyBytes(after),
      },
      ...tick.rows,
      ...benchCpuSide(before, after, Math.min(runs, 50)),
      ...benchDeltaBytes(tick.snapshot, liveDeltaBytes(tick.deltas), liveChanged),
      ...benchRendererApply(tick.snapshot, tick.deltas[0]!, runs),
    ];
    console.log(`${renderTable(rows)}\n`);
  } finally {
    raw?.close();
    await demo?.close();
  }
}

async function benchConsoleFigures(opts: Parameters<typeof benchConsoles>[0]): Promise<void> {
  console.log(
    `Consoles: a node shell (bash) of a ${CONSOLE_CLUSTER.nodes}-node demo cluster in its own ` +
      `process; core, the browser host and every client in this one. ${opts.fileMiB} MiB cat: ` +
      `1 warm-up + ${opts.runs} measured runs per path; keystrokes: ` +
      `${Math.max(10, Math.ceil(opts.keystrokes / 10))} warm-up + ${opts.keystrokes} per path.`,
  );
  const result = await benchConsoles(opts);
  const pty = result.support.pty
    ? 'real PTY'
    : `NO PTY (pipes: ${result.support.ptyError ?? 'unknown'})`;
  console.log(`Demo terminals: ${pty}.\n`);
  console.log(`${renderTable(result.rows)}\n`);
  for (const line of result.notes) console.log(line);
  console.log('');
}

async function benchStatsFigures(ticks: number): Promise<void> {
  console.log(
    `Detail view: CT 112 of a 30-guest demo cluster (stats every second) in its own process; ` +
      `the built renderer in Chromium, 1440×900; 3 warm-up + ${ticks} measured ticks per view.`,
  );
  console.log(`${renderTable(await benchStatsView(ticks))}\n`);
}

async function benchLogFigures(opts: Parameters<typeof benchLogs>[0]): Promise<void> {
  console.log(
    `Log panel: one node journal of a 3-node demo cluster (its own process) at ${opts.rate} lines/s, ` +
      `followed for ${opts.seconds} s in a log pop-out window of the built renderer (Chromium); ` +
      'core and the browser host in this process.',
  );
  const result = await benchLogs(opts);
  console.log(`${renderTable(result.rows)}\n`);
  for (const line of result.notes) console.log(line);
  console.log('');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
