// Console figures: bytes per second through the relay while a shell prints a large file, and the
// added latency of a keystroke's echo through main (and through the browser host) against a
// direct termproxy socket. The demo cluster runs in its own process (its PTYs, termproxy framing
// and TLS are the server's work, not the client's); core, the browser host and every client run
// in this one. Figures only: nothing here passes or fails on time.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Core } from '../../electron/core';
import { startBrowserHost, type BrowserHost } from '../../electron/serve/host';
import type { ConsoleTarget } from '../../shared/model';
import { createTestCore } from '../kit/core';
import { waitUntil } from '../kit/wait';
import {
  openCoreTerminal,
  openDirectTerminal,
  openHostTerminal,
  type BenchTerminal,
} from './console-terms';
import { startDemoProcess, type DemoConsoles, type DemoProcess } from './demo-process';
import type { Row } from './report';
import { summarize } from './stats';

export const CONSOLE_CLUSTER = { seed: 7, nodes: 3, guests: 30, statsIntervalMs: 3_600_000 };

export interface ConsoleBenchOptions {
  /** Size of the file the shell prints (MiB). */
  fileMiB: number;
  /** Measured `cat` runs per path (after one warm-up run each). */
  runs: number;
  /** Measured keystrokes per path (after a warm-up of a tenth, at least 10). */
  keystrokes: number;
}

export interface ConsoleBenchResult {
  rows: Row[];
  /** Lines printed under the table: what ran where, and the throughput figures. */
  notes: string[];
  /** Console support the demo reported (real PTY or pipes). */
  support: DemoConsoles['support'];
}

const LINE_BYTES = 64;
const PROMPT = /# $/;
/** Pause after each erased keystroke: longer than the relay's 4 ms batching window. */
const KEY_PAUSE_MS = 10;
const STEP_TIMEOUT_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A text file of `mib` MiB: 64-byte numbered lines of printable ASCII. */
async function writeTextFile(file: string, mib: number): Promise<number> {
  const lines = (mib * 1024 * 1024) / LINE_BYTES;
  const filler = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-'.repeat(2);
  const buf = Buffer.alloc(lines * LINE_BYTES);
  for (let i = 0; i < lines; i++) {
    const head = `${String(i).padStart(8, '0')} `;
    buf.write(
      head + filler.slice(0, LINE_BYTES - 1 - head.length) + '\n',
      i * LINE_BYTES,
      'latin1',
    );
  }
  await writeFile(file, buf);
  return buf.length;
}

/** Resolves when `test` accepts the output seen so far (a rolling window of its tail). */
function until(t: BenchTerminal, what: string, test: (text: string) => boolean): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      t.onOutput = () => undefined;
      reject(
        new Error(
          `${t.name}: timed out waiting for ${what}; last output ${JSON.stringify(text.slice(-200))}`,
        ),
      );
    }, STEP_TIMEOUT_MS);
    t.onOutput = (chunk) => {
      text = (text + chunk.toString('latin1')).slice(-4096);
      if (!test(text)) return;
      clearTimeout(timer);
      t.onOutput = () => undefined;
      resolve();
    };
  });
}

/** Type a command and wait until the shell printed `marker` and then its prompt again. */
async function runCommand(t: BenchTerminal, command: string, marker: string): Promise<void> {
  const done = until(t, marker, (s) => {
    const at = s.lastIndexOf(marker);
    return at >= 0 && PROMPT.test(s.slice(at));
  });
  t.type(`${command}\r`);
  await done;
}

interface CatRun {
  ms: number;
  bytes: number;
  cpuMs: number;
  demoCpuMs: number;
}

/**
 * `cat` the file: from typing the command to the output of the `echo` after it (computed by the
 * shell, so the typed command's echo cannot match). Counts every byte the client received.
 */
async function catOnce(
  t: BenchTerminal,
  file: string,
  run: number,
  demo: DemoProcess,
): Promise<CatRun> {
  const demoCpu0 = (await demo.consoles()).cpuMs;
  const marker = `cat-done-${String(1000 + run)}`;
  let bytes = 0;
  let tail = '';
  let markedAt = 0;
  let bytesAtMark = 0;
  let cpuAtMark: NodeJS.CpuUsage | undefined;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const prompt = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `${t.name}: cat ${String(run)} did not finish (${String(bytes)} bytes so far); ` +
              `last output ${JSON.stringify(tail.slice(-200))}`,
          ),
        ),
      STEP_TIMEOUT_MS,
    );
    t.onOutput = (chunk) => {
      bytes += chunk.length;
      const text = tail + chunk.toString('latin1');
      tail = text.slice(-256);
      if (!markedAt) {
        if (!text.includes(marker)) return;
        markedAt = performance.now();
        bytesAtMark = bytes;
        cpuAtMark = process.cpuUsage(cpu0);
      }
      // Then the prompt, so the next command starts on a quiet shell.
      if (PROMPT.test(text.slice(Math.max(0, text.lastIndexOf(marker))))) {
        clearTimeout(timer);
        t.onOutput = () => undefined;
        resolve();
      }
    };
  });
  t.type(`cat ${file}; echo cat-done-$((1000+${String(run)}))\r`);
  await prompt;
  const cpu = cpuAtMark!;
  // The demo's share is read after the prompt: a few ms of the shell's redraw more than the rest.
  const demoCpuMs = (await demo.consoles()).cpuMs - demoCpu0;
  return {
    ms: markedAt - t0,
    bytes: bytesAtMark,
    cpuMs: (cpu.user + cpu.system) / 1000,
    demoCpuMs,
  };
}

/** One keystroke: time from sending a letter to receiving its echo; then erase it (untimed). */
async function keystroke(t: BenchTerminal, i: number): Promise<number> {
  const letter = String.fromCharCode(0x61 + (i % 26));
  const echoed = until(t, `echo of '${letter}'`, (s) => s.includes(letter));
  const t0 = performance.now();
  t.type(letter);
  await echoed;
  const ms = performance.now() - t0;
  // Readline answers DEL with a backspace sequence (no lower-case letters in it).
  const erased = until(t, 'erase', (s) => s.length > 0);
  t.type('\x7f');
  await erased;
  await sleep(KEY_PAUSE_MS);
  return ms;
}

export async function benchConsoles(opts: ConsoleBenchOptions): Promise<ConsoleBenchResult> {
  let demo: DemoProcess | undefined;
  let core: Core | undefined;
  let host: BrowserHost | undefined;
  let dir: string | undefined;
  const terms: BenchTerminal[] = [];
  try {
    dir = await mkdtemp(path.join(tmpdir(), 'deckhand-bench-console-'));
    const staticDir = path.join(dir, 'renderer');
    const file = path.join(dir, 'big.txt');
    await mkdir(staticDir);
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>bench</title>');
    const fileBytes = await writeTextFile(file, opts.fileMiB);

    demo = await startDemoProcess(CONSOLE_CLUSTER);
    const { support } = await demo.consoles();
    ({ core } = await createTestCore({ appVersion: '0.0.0-bench', timings: 'app' }));
    host = await startBrowserHost({ core, staticDir });
    const [user, realm] = demo.info.username.split('@') as [string, string];
    const profile = await core.handlers['profiles.add']({
      name: 'bench',
      url: demo.info.url,
      fingerprint: demo.info.fingerprint,
      auth: { mode: 'password', username: user, realm, password: demo.info.password },
    });
    const target: ConsoleTarget = {
      profileId: profile.id,
      node: demo.info.localNode,
      kind: 'shell',
    };

    terms.push(await openDirectTerminal(demo.info));
    terms.push(await openCoreTerminal(core, target));
    terms.push(await openHostTerminal(host, target));
    // Each shell is at its prompt, and answers a command, before anything is timed. (Typing
    // before the prompt is shown can be lost: see the demo note in BENCHMARKS.md.)
    for (const t of terms) {
      await waitUntil(`${t.name}'s prompt`, () => PROMPT.test(t.startup()), {
        timeout: STEP_TIMEOUT_MS,
        interval: 20,
      }).catch(() => {
        throw new Error(`${t.name}: no prompt; got ${JSON.stringify(t.startup().slice(-200))}`);
      });
      await runCommand(t, 'echo ready-$((6*7))', 'ready-42');
    }

    // Throughput: one warm-up cat per path, then the measured runs, paths interleaved per run.
    const cats = new Map<BenchTerminal, CatRun[]>(terms.map((t) => [t, []]));
    for (let run = 0; run <= opts.runs; run++) {
      for (const t of terms) {
        const r = await catOnce(t, file, run, demo);
        if (run > 0) cats.get(t)!.push(r);
      }
    }

    // Keystrokes: paths interleaved per keystroke, so each round's three samples share the load.
    const warmup = Math.max(10, Math.ceil(opts.keystrokes / 10));
    const keys = new Map<BenchTerminal, number[]>(terms.map((t) => [t, []]));
    for (let i = 0; i < warmup + opts.keystrokes; i++) {
      for (const t of terms) {
        const ms = await keystroke(t, i);
        if (i >= warmup) keys.get(t)!.push(ms);
      }
    }

    const [direct, relay, browser] = terms as [BenchTerminal, BenchTerminal, BenchTerminal];
    const catSection = `consoles: node shell prints a ${String(opts.fileMiB)} MiB file (cat)`;
    const keySection = 'consoles: keystroke echo, one letter, node shell at its prompt';
    const rows: Row[] = [];
    const notes: string[] = [];
    for (const t of terms) {
      const runs = cats.get(t)!;
      rows.push({
        section: catSection,
        label: `time to print the file, ${t.name}`,
        unit: 'ms',
        summary: summarize(runs.map((r) => r.ms)),
      });
    }
    for (const t of terms) {
      rows.push({
        section: catSection,
        label: `bench-process CPU (user+sys), ${t.name}`,
        unit: 'ms',
        summary: summarize(cats.get(t)!.map((r) => r.cpuMs)),
      });
    }
    for (const t of terms) {
      rows.push({
        section: catSection,
        label: `demo-process CPU (user+sys), ${t.name}`,
        unit: 'ms',
        summary: summarize(cats.get(t)!.map((r) => r.demoCpuMs)),
      });
    }
    for (const t of terms) {
      const runs = cats.get(t)!;
      const perSecond = summarize(runs.map((r) => r.bytes / (r.ms / 1000)));
      rows.push({
        section: catSection,
        label: `throughput per second (median), ${t.name}`,
        unit: 'bytes',
        value: Math.round(perSecond.median),
      });
      notes.push(
        `throughput, ${t.name}: median ${mibps(perSecond.median)}, ` +
          `min ${mibps(perSecond.min)}, max ${mibps(perSecond.max)} (${String(perSecond.n)} runs)`,
      );
    }
    rows.push({
      section: catSection,
      label: 'bytes received per cat (file + CR of each line + prompt)',
      unit: 'bytes',
      value: Math.round(summarize(cats.get(direct)!.map((r) => r.bytes)).median),
    });
    rows.push({ section: catSection, label: 'file size', unit: 'bytes', value: fileBytes });

    for (const t of terms) {
      rows.push({
        section: keySection,
        label: `echo, ${t.name}`,
        unit: 'ms',
        summary: summarize(keys.get(t)!),
      });
    }
    const d = keys.get(direct)!;
    for (const t of [relay, browser]) {
      const added = keys.get(t)!.map((v, i) => v - d[i]!);
      rows.push({
        section: keySection,
        label: `added by the ${t.name} (paired with direct)`,
        unit: 'ms',
        summary: summarize(added),
      });
    }
    return { rows, notes, support };
  } finally {
    for (const t of terms.splice(0)) await t.close().catch(() => undefined);
    await host?.close();
    await core?.dispose();
    if (demo) {
      // Every console the bench opened must end on the demo too (it ends its sessions as PVE
      // does: hang up the shell, then end the task), so give it a moment before saying otherwise.
      const running = demo;
      let left = await demo.consoles().catch(() => undefined);
      await waitUntil(
        'the demo to end its console sessions',
        async () => {
          left = await running.consoles().catch(() => undefined);
          return !left || left.sessions.length === 0;
        },
        { timeout: 5_000, interval: 100 },
      ).catch(() => undefined);
      if (left && left.sessions.length > 0) {
        console.warn(
          `The demo still has console sessions 5 s after the bench closed them: ${JSON.stringify(left.sessions)}`,
        );
      }
      await demo.close();
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

function mibps(bytesPerSecond: number): string {
  return `${(bytesPerSecond / 1024 ** 2).toFixed(1)} MiB/s`;
}
