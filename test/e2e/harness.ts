// End-to-end harness: demo cluster + core + browser host + Debian Chromium (playwright-core).
// Every test gets its own stack and tears all of it down.

import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startDemoCluster, type DemoCluster, type DemoClusterOptions } from '../../electron/demo';
import { createCore, MemorySecretStore, MemorySettingsStore, type Core } from '../../electron/core';
import { startBrowserHost } from '../../electron/serve/host';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const STATIC_DIR = resolve(import.meta.dirname, '../../out/renderer');

export interface Stack {
  demo: DemoCluster;
  core: Core;
  page: Page;
  url: string;
  /** Uncaught errors in the page; tests assert it stays empty. */
  pageErrors: string[];
  close(): Promise<void>;
}

export interface StackOptions {
  demo?: DemoClusterOptions;
  refreshIntervalMs?: number;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  if (!existsSync(join(STATIC_DIR, 'index.html')))
    throw new Error('The renderer is not built: run `npm run build:renderer` first');

  const cleanups: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
  };
  try {
    const demo = await startDemoCluster({ taskTimeScale: 0.1, ...options.demo });
    cleanups.push(() => demo.close());
    const core = await createCore({
      settings: new MemorySettingsStore(),
      secrets: new MemorySecretStore(),
      host: 'browser',
      appVersion: '0.0.0-test',
      // The demo outlives the core here so tests can reach it directly (out-of-band changes).
      startDemo: async () => demo,
      refreshIntervalMs: options.refreshIntervalMs ?? 1000,
      taskPollMs: 200,
    });
    cleanups.push(() => core.dispose());
    const host = await startBrowserHost({ core, staticDir: STATIC_DIR });
    cleanups.push(() => host.close());

    const userDataDir = await mkdtemp(join(tmpdir(), 'deckhand-e2e-'));
    cleanups.push(() => rm(userDataDir, { recursive: true, force: true }));
    const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    cleanups.push(() => context.close());
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(host.url);
    return { demo, core, page, url: host.url, pageErrors, close };
  } catch (err) {
    await close();
    throw err;
  }
}
