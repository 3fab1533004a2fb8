// Detail view figures: the renderer's main-thread time per live tick of a container's detail view
// (the live line and, in the hour view, four uPlot charts that take the new sample), read from
// Chromium's own counters (CDP Performance.getMetrics) between consecutive ticks. The week view,
// whose charts stay as they are between RRD refreshes, is measured the same way for comparison.
// The demo runs in its own process; core, the browser host and Chromium here. Figures only.

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import type { Core } from '../../electron/core';
import { startBrowserHost, type BrowserHost } from '../../electron/serve/host';
import { launchChromium } from '../kit/chromium';
import { createTestCore } from '../kit/core';
import { startDemoProcess, type DemoProcess } from './demo-process';
import type { Row } from './report';
import { summarize } from './stats';

const STATIC_DIR = path.resolve(import.meta.dirname, '../../out/renderer');
const SECTION = 'renderer: detail view of a running container, per live tick (1 s)';

type Metrics = Record<string, number>;

async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** Wait for the next live sample (the live line's data-updated changes). */
async function nextTick(page: Page, after: string): Promise<string> {
  const handle = await page.waitForFunction(
    (prev) => {
      const v = document.querySelector('[data-testid="live-line"]')?.getAttribute('data-updated');
      return v && v !== prev ? v : false;
    },
    after,
    { timeout: 10_000, polling: 50 },
  );
  return (await handle.jsonValue()) as string;
}

/** Main-thread ms per tick (task, script, layout + style) over `ticks` ticks. */
async function perTick(page: Page, cdp: CDPSession, ticks: number) {
  const task: number[] = [];
  const script: number[] = [];
  const layout: number[] = [];
  let updated = await nextTick(page, '');
  let before = await metrics(cdp);
  for (let i = 0; i < ticks; i++) {
    updated = await nextTick(page, updated);
    // Let the tick's render finish (React commit, uPlot's draw on the next frame).
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
    const now = await metrics(cdp);
    const d = (k: string) => ((now[k] ?? 0) - (before[k] ?? 0)) * 1000;
    task.push(d('TaskDuration'));
    script.push(d('ScriptDuration'));
    layout.push(d('LayoutDuration') + d('RecalcStyleDuration'));
    before = now;
  }
  return { task: summarize(task), script: summarize(script), layout: summarize(layout) };
}

export async function benchStatsView(ticks: number): Promise<Row[]> {
  if (!existsSync(path.join(STATIC_DIR, 'index.html'))) {
    throw new Error('The renderer is not built: run `npm run build:renderer` first');
  }
  let demo: DemoProcess | undefined;
  let core: Core | undefined;
  let host: BrowserHost | undefined;
  const browser = await launchChromium();
  try {
    demo = await startDemoProcess({ seed: 1, nodes: 3, guests: 30, statsIntervalMs: 1000 });
    ({ core } = await createTestCore({ appVersion: '0.0.0-bench', timings: 'app' }));
    host = await startBrowserHost({ core, staticDir: STATIC_DIR });
    const [user, realm] = demo.info.username.split('@') as [string, string];
    await core.handlers['profiles.add']({
      name: 'bench',
      url: demo.info.url,
      fingerprint: demo.info.fingerprint,
      auth: { mode: 'password', username: user, realm, password: demo.info.password },
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(host.url);
    await page.getByRole('treeitem', { name: 'grafana (112)' }).click({ timeout: 60_000 });
    await page.waitForSelector('[data-testid="stats-charts"][data-timeframe="hour"]', {
      timeout: 30_000,
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await perTick(page, cdp, 3); // warm-up
    const hour = await perTick(page, cdp, ticks);
    const points = await page.getAttribute('[data-testid="stats-chart-cpu"]', 'data-points');
    await page.getByTestId('stats-charts').getByText('Week', { exact: true }).click();
    await page.waitForSelector('[data-testid="stats-charts"][data-timeframe="week"]');
    await perTick(page, cdp, 3);
    const week = await perTick(page, cdp, ticks);
    await cdp.detach();
    await context.close();
    const rows: Row[] = [
      {
        section: SECTION,
        label: `hour view (4 live charts, ~${points ?? '?'} points each): main-thread task time`,
        unit: 'ms',
        summary: hour.task,
      },
      { section: SECTION, label: 'hour view: script', unit: 'ms', summary: hour.script },
      { section: SECTION, label: 'hour view: style + layout', unit: 'ms', summary: hour.layout },
      {
        section: SECTION,
        label: 'week view (charts unchanged per tick): main-thread task time',
        unit: 'ms',
        summary: week.task,
      },
      { section: SECTION, label: 'week view: script', unit: 'ms', summary: week.script },
    ];
    return rows;
  } finally {
    await browser.close();
    await host?.close();
    await core?.dispose();
    await demo?.close();
  }
}
