// Log panel figures: memory of main (core and the browser host, in this process) and of the
// renderer (Chromium, the built renderer in a log pop-out window) while one node journal is
// followed at a steady line rate, and the time to render a 10,000-line burst (a fixed journal
// range that arrives at once). The demo cluster runs in its own process. Figures only.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Page } from 'playwright-core';
import type { Core } from '../../electron/core';
import { startBrowserHost, type BrowserHost } from '../../electron/serve/host';
import { LOG_BUFFER_LIMIT, type LogSourceSpec } from '../../shared/logs';
import { launchChromium } from '../kit/chromium';
import { createTestCore } from '../kit/core';
import { startDemoProcess, type DemoProcess } from './demo-process';
import type { Row } from './report';
import { summarize } from './stats';

export interface LogBenchOptions {
  /** How long the stream is followed (s), warm-up included. */
  seconds: number;
  /** Journal lines per second of the followed node. */
  rate: number;
}

export interface LogBenchResult {
  rows: Row[];
  notes: string[];
}

const STATIC_DIR = path.resolve(import.meta.dirname, '../../out/renderer');
const BURST = 10_000;
const SAMPLE_S = 10;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function popoutUrl(hostUrl: string, spec: LogSourceSpec): string {
  return `${hostUrl}#log=${encodeURIComponent(JSON.stringify(spec))}`;
}

/** Main's heap after a full collection. */
function mainHeap(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

/** The page's JS heap after a full collection. */
async function rendererHeap(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usage.usedSize;
}

const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

export async function benchLogs(opts: LogBenchOptions): Promise<LogBenchResult> {
  if (!existsSync(path.join(STATIC_DIR, 'index.html'))) {
    throw new Error('The renderer is not built: run `npm run build:renderer` first');
  }
  let demo: DemoProcess | undefined;
  let core: Core | undefined;
  let host: BrowserHost | undefined;
  const browser = await launchChromium();
  try {
    demo = await startDemoProcess({
      seed: 7,
      nodes: 3,
      guests: 30,
      statsIntervalMs: 3_600_000,
      journalLinesPerSecond: opts.rate,
    });
    ({ core } = await createTestCore({ appVersion: '0.0.0-bench', timings: 'app' }));
    host = await startBrowserHost({ core, staticDir: STATIC_DIR });
    const [user, realm] = demo.info.username.split('@') as [string, string];
    const profile = await core.handlers['profiles.add']({
      name: 'bench',
      url: demo.info.url,
      fingerprint: demo.info.fingerprint,
      auth: { mode: 'password', username: user, realm, password: demo.info.password },
    });
    const node = demo.info.localNode;
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    const rows: Row[] = [];
    const notes: string[] = [];

    // Burst: a fixed range of the journal holding BURST lines, opened in a pop-out window. The
    // demo makes a node's journal from its first read on: follow it first until the range is full.
    const prime = await context.newPage();
    await prime.goto(popoutUrl(host.url, { kind: 'node-journal', profileId: profile.id, node }));
    await prime.waitForSelector('[data-testid="log-state"][data-state="following"]', {
      timeout: 60_000,
    });
    const since = Math.floor(Date.now() / 1000) + 1;
    const until = since + Math.ceil(BURST / opts.rate);
    await sleep((until - since + 2) * 1000 + (since * 1000 - Date.now()));
    await prime.close();
    const burst = await context.newPage();
    await burst.addInitScript(() => {
      const w = window as unknown as { __firstRow?: number; __opened?: number };
      new MutationObserver(() => {
        if (w.__opened === undefined && document.querySelector('[data-testid="log-state"]'))
          w.__opened = performance.now();
        if (w.__firstRow === undefined && document.querySelector('.log-row'))
          w.__firstRow = performance.now();
      }).observe(document, { subtree: true, childList: true });
    });
    await burst.goto(
      popoutUrl(host.url, {
        kind: 'node-journal',
        profileId: profile.id,
        node,
        range: { preset: 'range', since, until },
      }),
    );
    // Done once complete and no row has come for a second (core sends in acked windows).
    const done = await burst.waitForFunction(
      () => {
        const w = window as unknown as { __rows?: number; __changed?: number };
        const el = document.querySelector('[data-testid="log-rows"]');
        const state = document
          .querySelector('[data-testid="log-state"]')
          ?.getAttribute('data-state');
        if (!el) return false;
        const rows = Number(el.getAttribute('data-rows'));
        const now = performance.now();
        if (rows !== w.__rows) {
          w.__rows = rows;
          w.__changed = now;
        }
        if (state !== 'complete' || now - (w.__changed ?? now) < 1000) return false;
        return { rows, at: w.__changed ?? now };
      },
      undefined,
      { timeout: 120_000, polling: 'raf' },
    );
    const result = (await done.jsonValue()) as { rows: number; at: number };
    const marks = await burst.evaluate(() => {
      const w = window as unknown as { __firstRow?: number; __opened?: number };
      return { opened: w.__opened ?? 0, firstRow: w.__firstRow ?? 0 };
    });
    rows.push(
      {
        section: 'renderer: a fixed journal range arriving at once',
        label: `lines in the range (asked for ~${BURST.toLocaleString('en-US')})`,
        unit: 'count',
        value: result.rows,
      },
      {
        section: 'renderer: a fixed journal range arriving at once',
        label: 'stream opened → first row shown',
        unit: 'ms',
        summary: summarize([marks.firstRow - marks.opened]),
      },
      {
        section: 'renderer: a fixed journal range arriving at once',
        label: 'first row → every row in the list, complete',
        unit: 'ms',
        summary: summarize([result.at - marks.firstRow]),
      },
    );
    await burst.close();

    // Follow: the live journal for opts.seconds; heaps sampled after a warm-up.
    const page = await context.newPage();
    await page.goto(popoutUrl(host.url, { kind: 'node-journal', profileId: profile.id, node }));
    await page.waitForSelector('[data-testid="log-state"][data-state="following"]', {
      timeout: 60_000,
    });
    // Warm-up: until the panel's buffer is full (then entries are dropped as they come), and a
    // quarter of the run, at most 2 minutes (never past the run itself).
    const fill = Math.ceil(LOG_BUFFER_LIMIT / opts.rate) + 15;
    const warmup = Math.min(
      opts.seconds,
      Math.max(fill, Math.min(120, Math.round(opts.seconds / 4))),
    );
    const started = performance.now();
    await sleep(warmup * 1000);
    const samples: { t: number; main: number; renderer: number; rows: number }[] = [];
    const sample = async () => {
      const rowsShown = Number(
        await page.getAttribute('[data-testid="log-rows"]', 'data-rows').catch(() => '0'),
      );
      samples.push({
        t: (performance.now() - started) / 1000,
        main: mainHeap(),
        renderer: await rendererHeap(page),
        rows: rowsShown,
      });
    };
    await sample();
    while ((performance.now() - started) / 1000 < opts.seconds) {
      await sleep(SAMPLE_S * 1000);
      await sample();
    }
    const first = samples[0]!;
    const last = samples[samples.length - 1]!;
    const max = (k: 'main' | 'renderer') => Math.max(...samples.map((s) => s[k]));
    const dropped = await page.textContent('[data-testid="log-notice"]').catch(() => null);
    const section = `memory while following ${opts.rate} lines/s for ${opts.seconds} s (warm-up ${warmup} s)`;
    rows.push(
      { section, label: 'main heap after warm-up', unit: 'bytes', value: first.main },
      { section, label: 'main heap at the end', unit: 'bytes', value: last.main },
      { section, label: 'main heap, highest sample', unit: 'bytes', value: max('main') },
      { section, label: 'renderer heap after warm-up', unit: 'bytes', value: first.renderer },
      { section, label: 'renderer heap at the end', unit: 'bytes', value: last.renderer },
      { section, label: 'renderer heap, highest sample', unit: 'bytes', value: max('renderer') },
      { section, label: 'rows held at the end', unit: 'count', value: last.rows },
    );
    notes.push(
      `Growth after warm-up: main ${mib(last.main - first.main)}, renderer ${mib(last.renderer - first.renderer)} ` +
        `(budget +10 MiB each); ${samples.length} samples every ${SAMPLE_S} s, each after a full GC.`,
      `Panel notice at the end: ${dropped ?? '(none)'}`,
    );
    await context.close();
    return { rows, notes };
  } finally {
    await browser.close();
    await host?.close();
    await core?.dispose();
    await demo?.close();
  }
}
